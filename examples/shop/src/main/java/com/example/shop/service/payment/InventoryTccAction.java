package com.example.shop.service.payment;

import org.apache.seata.rm.tcc.api.BusinessActionContext;
import org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;

// Right: no fence, but commit and rollback are guarded by the transaction id (SETNX) before they change state.
@Service
public class InventoryTccAction {
    private final JdbcTemplate jdbc;
    private final StringRedisTemplate redis;

    public InventoryTccAction(JdbcTemplate jdbc, StringRedisTemplate redis) {
        this.jdbc = jdbc;
        this.redis = redis;
    }

    @TwoPhaseBusinessAction(name = "reserveStock", commitMethod = "commit", rollbackMethod = "rollback")
    public boolean reserve(BusinessActionContext ctx, String sku, int quantity) {
        return jdbc.update("update stock set reserved = reserved + ? where sku = ?", quantity, sku) == 1;
    }

    public boolean commit(BusinessActionContext ctx) {
        if (!firstTime("commit", ctx)) {
            return true;
        }
        return jdbc.update("update stock set reserved = 0 where xid = ?", ctx.getXid()) >= 0;
    }

    public boolean rollback(BusinessActionContext ctx) {
        if (!firstTime("rollback", ctx)) {
            return true;
        }
        return jdbc.update("update stock set available = available + reserved, reserved = 0 where xid = ?", ctx.getXid()) >= 0;
    }

    private boolean firstTime(String phase, BusinessActionContext ctx) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("tcc:" + phase + ":" + ctx.getXid(), "1", Duration.ofDays(1)));
    }
}
