package com.example.shop.service;

import java.math.BigDecimal;

// Services are Spring beans: this one is neither named *Service nor annotated, which the shop's naming rule allows
// for helpers. See DiscountService for the one the rule reports.
public final class DiscountCalculator {
    public BigDecimal apply(BigDecimal price, int percent) {
        return price.multiply(BigDecimal.valueOf(100 - percent)).divide(BigDecimal.valueOf(100));
    }
}
