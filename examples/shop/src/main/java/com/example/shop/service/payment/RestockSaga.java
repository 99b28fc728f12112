package com.example.shop.service.payment;

import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

// Wrong: the first step (credit) has no compensation.
public class RestockSaga implements SimpleSaga<OrderSagaData> {
    private final SagaDefinition<OrderSagaData> definition =
            step()
                    .invokeParticipant(d -> send(new Messages.ReserveCreditCommand(d.sagaId(), d.customerId(), d.amount())).to("customers").build()) // expect: SAGA-03
            .step()
                    .invokeParticipant(d -> send(new Messages.ReserveStockCommand(d.sagaId(), d.sku(), d.quantity())).to("inventory").build())
                    .withCompensation(d -> send(new Messages.ReleaseStockCommand(d.sagaId(), d.sku(), d.quantity())).to("inventory").build())
            .step()
                    .invokeParticipant(d -> send(new Messages.ApproveOrderCommand(d.sagaId())).to("orders").build())
            .build();

    @Override
    public SagaDefinition<OrderSagaData> getSagaDefinition() {
        return definition;
    }
}
