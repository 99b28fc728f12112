package com.example.shop.service.payment;

import org.apache.seata.rm.tcc.api.BusinessActionContext;
import org.apache.seata.rm.tcc.api.LocalTCC;
import org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction;

import java.math.BigDecimal;

@LocalTCC
public interface PaymentTcc {
    @TwoPhaseBusinessAction(name = "pay", commitMethod = "confirm", rollbackMethod = "cancel", useTCCFence = true)
    boolean pay(BusinessActionContext ctx, long orderId, BigDecimal amount);

    boolean confirm(BusinessActionContext ctx);

    boolean cancel(BusinessActionContext ctx);
}
