package com.example.shop.service.payment;

import io.eventuate.tram.commands.consumer.CommandWithDestination;
import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

// Wrong: the stock step has no compensation (approveOrder is the pivot); the credit compensation carries no saga id.
public class CreateOrderSaga implements SimpleSaga<OrderSagaData> {
    private final SagaDefinition<OrderSagaData> definition =
            step()
                    .invokeParticipant(this::reserveCredit)
                    .withCompensation(this::releaseCredit)
            .step()
                    .invokeParticipant(this::reserveStock) // expect: SAGA-03
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

    private CommandWithDestination releaseCredit(OrderSagaData d) {
        return send(new Messages.ReleaseCreditCommand(d.customerId(), d.amount())).to("customers").build(); // expect: SAGA-04
    }

    private CommandWithDestination reserveStock(OrderSagaData d) {
        return send(new Messages.ReserveStockCommand(d.sagaId(), d.sku(), d.quantity())).to("inventory").build();
    }

    private CommandWithDestination approveOrder(OrderSagaData d) {
        return send(new Messages.ApproveOrderCommand(d.sagaId())).to("orders").build();
    }
}
