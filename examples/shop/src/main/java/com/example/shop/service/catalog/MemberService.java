package com.example.shop.service.catalog;

import com.example.shop.domain.Member;
import com.example.shop.repository.MemberDao;
import org.springframework.stereotype.Service;

@Service
public class MemberService {
    private final MemberCacheService memberCache;
    private final MemberDao memberDao;
    private final MemberBloom bloom;

    public MemberService(MemberCacheService memberCache, MemberDao memberDao, MemberBloom bloom) {
        this.memberCache = memberCache;
        this.memberDao = memberDao;
        this.bloom = bloom;
    }

    // Wrong, through the facades: an unknown member id reaches the database on every request.
    public Member lookup(long id) {
        Member m = memberCache.getMember(id);
        if (m == null) {
            m = memberDao.load(id); // expect: CACHE-01
            if (m != null) {
                memberCache.putMember(id, m);
            }
        }
        return m;
    }

    // Right: the Bloom facade is consulted before the database.
    public Member lookupChecked(long id) {
        if (!bloom.mightExist(id)) {
            return null;
        }
        Member m = memberCache.getMember(id);
        if (m == null) {
            m = memberDao.load(id);
            if (m != null) {
                memberCache.putMember(id, m);
            }
        }
        return m;
    }
}
