package com.example.shop.domain;

import java.math.BigDecimal;

public record PaymentRecord(String paymentId, BigDecimal amount) {
}
