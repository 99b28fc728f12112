package com.example.shop.service.payment;

import io.eventuate.tram.commands.common.Command;

import java.math.BigDecimal;

// Events and commands of the payment and inventory sagas.
public final class Messages {
    private Messages() {
    }

    public record TransferStarted(String transferId, BigDecimal amount) {
    }

    public record CreditFailed(String transferId, BigDecimal amount) {
    }

    public record TransferCompleted(String transferId) {
    }

    public record DebitCommand(String transferId, BigDecimal amount) {
    }

    public record RefundCommand(String transferId, BigDecimal amount) {
    }

    public record OrderPlaced(String orderId, String sku, int quantity) {
    }

    public record StockReservationFailed(String orderId, String sku, int quantity) {
    }

    public record OrderReturned(String orderId) {
    }

    public record CompensateStockCommand(String sku, int quantity) {
    }

    public record PaymentEvent(String messageId, String paymentId, BigDecimal amount) {
    }

    public record ReserveCreditCommand(String sagaId, long customerId, BigDecimal amount) implements Command {
    }

    public record ReleaseCreditCommand(long customerId, BigDecimal amount) implements Command {
    }

    public record ReserveStockCommand(String sagaId, String sku, int quantity) implements Command {
    }

    public record ReleaseStockCommand(String sagaId, String sku, int quantity) implements Command {
    }

    public record ApproveOrderCommand(String sagaId) implements Command {
    }

    public record CancelReservationCommand(String sagaId, long customerId) implements Command {
    }
}
