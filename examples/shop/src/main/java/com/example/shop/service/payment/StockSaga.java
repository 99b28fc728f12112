package com.example.shop.service.payment;

import com.example.shop.service.payment.Messages.CompensateStockCommand;
import com.example.shop.service.payment.Messages.OrderPlaced;
import com.example.shop.service.payment.Messages.StockReservationFailed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

// Wrong: never ends, and its compensation does not say which reservation it undoes.
public class StockSaga { // expect: SAGA-05
    private transient CommandGateway commandGateway;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(OrderPlaced e) {
        System.out.println("reserving " + e.sku());
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(StockReservationFailed e) {
        commandGateway.send(new CompensateStockCommand(e.sku(), e.quantity())); // expect: SAGA-04
    }
}
