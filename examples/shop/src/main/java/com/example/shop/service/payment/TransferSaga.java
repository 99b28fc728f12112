package com.example.shop.service.payment;

import com.example.shop.service.payment.Messages.CreditFailed;
import com.example.shop.service.payment.Messages.DebitCommand;
import com.example.shop.service.payment.Messages.RefundCommand;
import com.example.shop.service.payment.Messages.TransferCompleted;
import com.example.shop.service.payment.Messages.TransferStarted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

// Right: starts, ends, and its compensation (RefundCommand) carries the transfer id.
public class TransferSaga {
    private transient CommandGateway commandGateway;

    @StartSaga
    @SagaEventHandler(associationProperty = "transferId")
    public void on(TransferStarted e) {
        commandGateway.send(new DebitCommand(e.transferId(), e.amount()));
    }

    @SagaEventHandler(associationProperty = "transferId")
    public void on(CreditFailed e) {
        commandGateway.send(new RefundCommand(e.transferId(), e.amount()));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    public void on(TransferCompleted e) {
        System.out.println("transfer done " + e.transferId());
    }
}
