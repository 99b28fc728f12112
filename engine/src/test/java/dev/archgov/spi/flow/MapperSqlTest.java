package dev.archgov.spi.flow;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MapperSqlTest {
    @Test
    void readsStatementsWithFragmentsAndDynamicElements() {
        Map<String, MapperSql.Statement> statements = MapperSql.parse("mapper/OrderMapper.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://unreachable.invalid/mybatis-3-mapper.dtd">
                <mapper namespace="shop.OrderMapper">
                    <sql id="cols">id, status</sql>
                    <select id="find">SELECT <include refid="cols"/> FROM orders WHERE id = #{id}</select>
                    <insert id="add">
                        <selectKey keyProperty="id" resultType="long">SELECT LAST_INSERT_ID()</selectKey>
                        INSERT INTO orders (status) VALUES (#{status})
                    </insert>
                    <update id="pay">
                        UPDATE orders <set><if test="status != null">status = #{status},</if></set> WHERE id = #{id}
                    </update>
                    <update id="restock"><![CDATA[ UPDATE goods SET stock = stock + #{n} WHERE id = #{id} AND stock < 100 ]]></update>
                    <delete id="purge">DELETE FROM orders WHERE id = #{id}</delete>
                </mapper>
                """);
        assertThat(statements).containsOnlyKeys("shop.OrderMapper#find", "shop.OrderMapper#add", "shop.OrderMapper#pay",
                "shop.OrderMapper#restock", "shop.OrderMapper#purge");
        assertThat(statements.get("shop.OrderMapper#find").sql()).isEqualTo("SELECT id, status FROM orders WHERE id = #{id}");
        assertThat(statements.get("shop.OrderMapper#add").sql()).doesNotContain("LAST_INSERT_ID").startsWith("INSERT");
        assertThat(statements.get("shop.OrderMapper#pay").kind()).isEqualTo(MapperSql.Kind.UPDATE);
        assertThat(statements.get("shop.OrderMapper#pay").relative()).isFalse();
        assertThat(statements.get("shop.OrderMapper#restock").relative()).isTrue();
        assertThat(statements.get("shop.OrderMapper#purge").writes()).isTrue();
        assertThat(statements.get("shop.OrderMapper#find").writes()).isFalse();
    }

    @Test
    void skipsWhatIsNotAWellFormedMapper() {
        assertThat(MapperSql.parse("a.xml", "<mapper namespace=\"x.Y\"><update id=\"u\">UPDATE t SET a = 1</mapper>")).isEmpty();
        assertThat(MapperSql.parse("b.xml", "<mapper><update id=\"u\">UPDATE t SET a = 1</update></mapper>")).isEmpty();
        assertThat(MapperSql.parse("c.xml", "<beans><bean id=\"x\"/></beans>")).isEmpty();
    }

    @Test
    void relativeChangesAreTheColumnAgainstItself() {
        assertThat(MapperSql.relative("UPDATE goods SET stock = stock - #{n}")).isTrue();
        assertThat(MapperSql.relative("update account set `residue`=`residue`+ ?")).isTrue();
        assertThat(MapperSql.relative("UPDATE g SET g.sales = IFNULL(g.sales, 0) + 1")).isTrue();
        assertThat(MapperSql.relative("UPDATE m SET point = COALESCE(point, 0) + #{p} WHERE id = #{id}")).isTrue();
        assertThat(MapperSql.relative("INSERT INTO c (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1")).isTrue();
        assertThat(MapperSql.relative("UPDATE goods SET stock = #{stock}, status = 'ON'")).isFalse();
        assertThat(MapperSql.relative("UPDATE goods SET stock_total = stock - 1")).isFalse();
        assertThat(MapperSql.relative("SELECT * FROM t WHERE a = a")).isFalse();
    }

    @Test
    void sqlTextOfAnArgumentAsBytecodeShowsIt() {
        Compiled c = Compiled.compile("Sql", """
                class Sql {
                    void run(String sql) {}
                    void constant() { run("UPDATE t SET a = 1"); }
                    void concatenated(int n) { run("stock = stock - " + n + " AND x"); }
                    void built(int n) { run(new StringBuilder().append("stock = stock + ").append(n).toString()); }
                    void unknown(String s) { run(s); }
                }
                """, false);
        assertThat(text(c, "constant")).contains("UPDATE t SET a = 1");
        assertThat(text(c, "concatenated")).contains("stock = stock - ? AND x");
        assertThat(text(c, "built")).contains("stock = stock + ?");
        assertThat(text(c, "unknown")).isEmpty();
    }

    private static java.util.Optional<String> text(Compiled c, String method) {
        MethodFlow flow = c.flow("Sql", method);
        int call = flow.calls(m -> m.name.equals("run")).get(0);
        return flow.textArgument(call, 0);
    }
}
