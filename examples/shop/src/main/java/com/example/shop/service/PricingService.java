package com.example.shop.service;

import com.example.shop.domain.Product;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;

@Service
public class PricingService {
    public BigDecimal priceOf(Product product) {
        return product.listPrice().multiply(new BigDecimal("1.19"));
    }
}
