package com.example.shop.client;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

// Correct: the integration layer owns the external HTTP call (timeouts and retries live here).
@Component
public class TrackingClient {
    private final RestTemplate rest;

    public TrackingClient(RestTemplate rest) {
        this.rest = rest;
    }

    public String status(long orderId) {
        return rest.getForObject("https://carrier.example/track/{id}", String.class, orderId);
    }
}
