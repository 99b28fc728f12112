package com.example.shop.service.payment;

import com.example.shop.service.payment.Messages.OrderPlaced;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;

// Wrong: nothing starts it, and its handler associates with nothing.
public class AuditSaga { // expect: SAGA-05
    @SagaEventHandler(associationProperty = "")
    public void on(OrderPlaced e) {
        SagaLifecycle.end(); // expect: SAGA-05
    }
}
