package com.example.shop.service.payment;

import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

// Right: every step before the pivot is compensated, and the compensations carry the saga id.
public class PaidOrderSaga implements SimpleSaga<OrderSagaData> {
    private final SagaDefinition<OrderSagaData> definition =
            step()
                    .invokeParticipant(this::reserveCredit)
                    .withCompensation(this::cancelReservation)
            .step()
                    .invokeParticipant(this::reserveStock)
                    .withCompensation(this::releaseStock)
            .step()
                    .invokeParticipant(this::approveOrder)
            .build();

    @Override
    public SagaDefinition<OrderSagaData> getSagaDefinition() {
        return definition;
    }

    private CommandWithDestination reserveCredit(OrderSagaData d) {
        return send(new Messages.ReserveCreditCommand(d.sagaId(), d.customerId(), d.amount())).to("customers").build();
    }

    private CommandWithDestination cancelReservation(OrderSagaData d) {
        return send(new Messages.CancelReservationCommand(d.sagaId(), d.customerId())).to("customers").build();
    }

    private CommandWithDestination reserveStock(OrderSagaData d) {
        return send(new Messages.ReserveStockCommand(d.sagaId(), d.sku(), d.quantity())).to("inventory").build();
    }

    private CommandWithDestination releaseStock(OrderSagaData d) {
        return send(new Messages.ReleaseStockCommand(d.sagaId(), d.sku(), d.quantity())).to("inventory").build();
    }

    private CommandWithDestination approveOrder(OrderSagaData d) {
        return send(new Messages.ApproveOrderCommand(d.sagaId())).to("orders").build();
    }
}
