package com.example.shop.service;

import java.math.BigDecimal;

public class DiscountService { // expect: SHOP-NAMING-02
    private final DiscountCalculator calculator = new DiscountCalculator();

    public BigDecimal seasonal(BigDecimal price) {
        return calculator.apply(price, 10);
    }
}
