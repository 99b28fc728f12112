package com.example.shop.service.payment;

import org.apache.seata.rm.tcc.api.BusinessActionContext;
import org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

// Wrong: neither the fence nor a guard; a retried rollback refunds the points twice.
@Service
public class PointsTccAction {
    private final JdbcTemplate jdbc;

    public PointsTccAction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @TwoPhaseBusinessAction(name = "deductPoints", commitMethod = "commit", rollbackMethod = "rollback")
    public boolean deduct(BusinessActionContext ctx, long user, int points) {
        return jdbc.update("update points set frozen = frozen + ? where user_id = ?", points, user) == 1; // expect: SAGA-01
    }

    public boolean commit(BusinessActionContext ctx) {
        return jdbc.update("update points set frozen = 0 where xid = ?", ctx.getXid()) >= 0;
    }

    public boolean rollback(BusinessActionContext ctx) {
        return jdbc.update("update points set balance = balance + frozen, frozen = 0 where xid = ?", ctx.getXid()) >= 0;
    }
}
