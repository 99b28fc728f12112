package com.example.shop.domain;

import java.math.BigDecimal;

public record Order(long id, long productId, int quantity, BigDecimal total) {
}
