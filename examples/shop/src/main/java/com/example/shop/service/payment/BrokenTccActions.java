package com.example.shop.service.payment;

import org.apache.seata.rm.tcc.api.BusinessActionContext;
import org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction;
import org.springframework.stereotype.Service;

public final class BrokenTccActions {
    private BrokenTccActions() {
    }

    // Wrong: rollbackMethod names a method that does not exist.
    @Service
    public static class ShippingTccAction {
        @TwoPhaseBusinessAction(name = "bookShipping", commitMethod = "commit", rollbackMethod = "undo", useTCCFence = true)
        public boolean book(BusinessActionContext ctx, long orderId) {
            return orderId > 0; // expect: SAGA-02
        }

        public boolean commit(BusinessActionContext ctx) {
            return true;
        }
    }

    // Wrong: the commit method returns void.
    @Service
    public static class InvoiceTccAction {
        @TwoPhaseBusinessAction(name = "issueInvoice", commitMethod = "commit", rollbackMethod = "rollback", useTCCFence = true)
        public boolean issue(BusinessActionContext ctx, long orderId) {
            return orderId > 0; // expect: SAGA-02
        }

        public void commit(BusinessActionContext ctx) {
            System.out.println("invoice " + ctx.getXid());
        }

        public boolean rollback(BusinessActionContext ctx) {
            return true;
        }
    }
}
