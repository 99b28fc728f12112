package com.example.shop.domain;

import java.math.BigDecimal;

public record Product(long id, String name, BigDecimal listPrice) {
}
