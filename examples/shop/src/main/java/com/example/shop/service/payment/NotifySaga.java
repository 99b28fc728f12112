package com.example.shop.service.payment;

import io.eventuate.tram.sagas.orchestration.SagaDefinition;
import io.eventuate.tram.sagas.simpledsl.SimpleSaga;

import static io.eventuate.tram.commands.consumer.CommandWithDestinationBuilder.send;

// Right: a single step is its own pivot; nothing before it needs undoing.
public class NotifySaga implements SimpleSaga<OrderSagaData> {
    private final SagaDefinition<OrderSagaData> definition =
            step()
                    .invokeParticipant(d -> send(new Messages.ApproveOrderCommand(d.sagaId())).to("orders").build())
            .build();

    @Override
    public SagaDefinition<OrderSagaData> getSagaDefinition() {
        return definition;
    }
}
