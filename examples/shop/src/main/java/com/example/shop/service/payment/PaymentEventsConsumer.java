package com.example.shop.service.payment;

import com.example.shop.domain.PaymentRecord;
import com.example.shop.domain.ProcessedMessage;
import com.example.shop.repository.PaymentStore;
import com.example.shop.repository.ProcessedMessageStore;
import com.example.shop.service.payment.Messages.PaymentEvent;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

@Component
public class PaymentEventsConsumer {
    private final PaymentStore payments;
    private final ProcessedMessageStore processed;
    private final JdbcTemplate jdbc;
    private final StringRedisTemplate redis;

    public PaymentEventsConsumer(PaymentStore payments, ProcessedMessageStore processed, JdbcTemplate jdbc, StringRedisTemplate redis) {
        this.payments = payments;
        this.processed = processed;
        this.jdbc = jdbc;
        this.redis = redis;
    }

    // Wrong: a redelivered payment is saved again.
    @KafkaListener(topics = "payments")
    public void onPayment(PaymentEvent e) {
        payments.save(new PaymentRecord(e.paymentId(), e.amount())); // expect: SAGA-06
    }

    // Wrong: the same with JdbcTemplate.
    @KafkaListener(topics = "refunds")
    public void onRefund(PaymentEvent e) {
        jdbc.update("update wallet set balance = balance + ? where payment_id = ?", e.amount(), e.paymentId()); // expect: SAGA-06
    }

    // Right: the processed-message table is checked first.
    @KafkaListener(topics = "payments-checked")
    public void onPaymentChecked(PaymentEvent e) {
        if (processed.existsByMessageId(e.messageId())) {
            return;
        }
        payments.save(new PaymentRecord(e.paymentId(), e.amount()));
        processed.save(new ProcessedMessage(e.messageId()));
    }

    // Right: SETNX on the message id.
    @KafkaListener(topics = "refunds-checked")
    public void onRefundChecked(PaymentEvent e) {
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("msg:" + e.messageId(), "1", Duration.ofDays(7)))) {
            return;
        }
        jdbc.update("update wallet set balance = balance + ? where payment_id = ?", e.amount(), e.paymentId());
    }

    // Right: a record filter drops duplicates before the listener.
    @KafkaListener(topics = "payments-filtered", filter = "duplicatePaymentFilter")
    public void onPaymentFiltered(PaymentEvent e) {
        payments.save(new PaymentRecord(e.paymentId(), e.amount()));
    }
}
