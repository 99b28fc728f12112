package dev.archgov.rules.saga;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * SAGA-04 on an Axon saga whose handlers are all overloads of {@code on(...)}: a compensation is what the failure
 * handler itself sends, not every command of a method with the same name; a command identifies its transaction by a
 * correlation field (also as a word part) or by one of the saga's association keys.
 */
class CompensationIdempotentRuleTest {
    @TempDir
    Path dir;

    @Test
    void compensationsAreJudgedByTheHandlerThatSendsThem() {
        CompactTest.of(dir, "saga").source("""
                package org.axonframework.modelling.saga;
                import java.lang.annotation.*;
                @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
                public @interface SagaEventHandler { String associationProperty(); }
                """).source("""
                package org.axonframework.modelling.saga;
                public final class SagaLifecycle {
                    public static void associateWith(String key, String value) {}
                }
                """).source("""
                package org.axonframework.commandhandling.gateway;
                public interface CommandGateway { void send(Object command); }
                """).source("""
                package orders;
                public class OrderConfirmedEvent { public String orderId; }
                """).source("""
                package orders;
                public class PaymentCancelledEvent { public String orderId; }
                """).source("""
                package orders;
                public class TransferRejectedEvent { public String orderId; }
                """).source("""
                package orders;
                public class ShipOrderCommand { public final String destination; public ShipOrderCommand(String d) { destination = d; } }
                """).source("""
                package orders;
                public class CancelShipmentCommand { public final String shipmentId; public CancelShipmentCommand(String id) { shipmentId = id; } }
                """).source("""
                package orders;
                public class ReturnMoneyCommand { public final String bankTransferId; public ReturnMoneyCommand(String id) { bankTransferId = id; } }
                """).source("""
                package orders;
                public class RefundCommand { public final long amount; public RefundCommand(long amount) { this.amount = amount; } }
                """).source("""
                package orders;
                import org.axonframework.commandhandling.gateway.CommandGateway;
                import org.axonframework.modelling.saga.SagaEventHandler;
                import org.axonframework.modelling.saga.SagaLifecycle;
                public class OrderSaga {
                    private transient CommandGateway gateway;
                    private String shipmentId = "s-1";
                    /** A forward step from the start handler: not a compensation, although failure handlers are also named on(...). */
                    @SagaEventHandler(associationProperty = "orderId")
                    public void on(OrderConfirmedEvent event) {
                        SagaLifecycle.associateWith("shipmentId", shipmentId);
                        gateway.send(new ShipOrderCommand("warehouse"));
                    }
                    /** Silent: the shipment is this saga's own association key. */
                    @SagaEventHandler(associationProperty = "orderId")
                    public void on(PaymentCancelledEvent event) {
                        gateway.send(new CancelShipmentCommand(shipmentId));
                        gateway.send(new RefundCommand(100)); // expect: SAGA-04
                    }
                    /** Silent: bankTransferId carries the transferId word part. */
                    @SagaEventHandler(associationProperty = "orderId")
                    public void on(TransferRejectedEvent event) {
                        gateway.send(new ReturnMoneyCommand("t-1"));
                    }
                }
                """).assertMarkersOf(1, "SAGA-04");
    }
}
