package com.example.shop.service.payment;

import com.example.shop.service.payment.Messages.OrderPlaced;
import com.example.shop.service.payment.Messages.OrderReturned;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

// Right: ends through SagaLifecycle.end().
public class ReturnSaga {
    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(OrderPlaced e) {
        System.out.println("watching returns for " + e.orderId());
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(OrderReturned e) {
        SagaLifecycle.end();
    }
}
