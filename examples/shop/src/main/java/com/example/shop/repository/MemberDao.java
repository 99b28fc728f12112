package com.example.shop.repository;

import com.example.shop.domain.Member;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;

// The project's own DAO: declared as database access in the contract (dbAccess).
@Repository
public class MemberDao {
    private final JdbcTemplate jdbc;

    public MemberDao(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Member load(long id) {
        List<Member> rows = jdbc.query("select id, name from member where id = ?", (rs, n) -> new Member(rs.getLong(1), rs.getString(2)), id);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
