package com.example.shop.service.payment;

import java.math.BigDecimal;

public record OrderSagaData(String sagaId, long customerId, String sku, int quantity, BigDecimal amount) {
}
