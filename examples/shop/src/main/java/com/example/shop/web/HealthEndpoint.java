package com.example.shop.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HealthEndpoint { // expect: SHOP-NAMING-01
    @GetMapping("/health")
    public String health() {
        return "UP";
    }
}
