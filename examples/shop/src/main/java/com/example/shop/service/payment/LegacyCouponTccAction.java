package com.example.shop.service.payment;

import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

// Wrong, with Seata 1.x's io.seata package: no fence, no guard.
@Service
public class LegacyCouponTccAction {
    private final JdbcTemplate jdbc;

    public LegacyCouponTccAction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @TwoPhaseBusinessAction(name = "lockCoupon", commitMethod = "commit", rollbackMethod = "rollback")
    public boolean lock(BusinessActionContext ctx, long couponId) {
        return jdbc.update("update coupon set locked = true where id = ?", couponId) == 1; // expect: SAGA-01
    }

    public boolean commit(BusinessActionContext ctx) {
        return jdbc.update("update coupon set used = true where xid = ?", ctx.getXid()) >= 0;
    }

    public boolean rollback(BusinessActionContext ctx) {
        return jdbc.update("update coupon set locked = false where xid = ?", ctx.getXid()) >= 0;
    }
}
