package com.example.shop.service.payment;

import org.apache.seata.rm.tcc.api.BusinessActionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;

// Right: the TCC fence closes retries, empty rollbacks and suspension.
@Service
public class PaymentTccAction implements PaymentTcc {
    private final JdbcTemplate jdbc;

    public PaymentTccAction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean pay(BusinessActionContext ctx, long orderId, BigDecimal amount) {
        return jdbc.update("update wallet set frozen = frozen + ? where order_id = ?", amount, orderId) == 1;
    }

    @Override
    public boolean confirm(BusinessActionContext ctx) {
        return jdbc.update("update wallet set frozen = 0 where xid = ?", ctx.getXid()) >= 0;
    }

    @Override
    public boolean cancel(BusinessActionContext ctx) {
        return jdbc.update("update wallet set balance = balance + frozen, frozen = 0 where xid = ?", ctx.getXid()) >= 0;
    }
}
