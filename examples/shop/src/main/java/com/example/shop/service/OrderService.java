package com.example.shop.service;

import com.example.shop.client.TrackingClient;
import com.example.shop.domain.Order;
import com.example.shop.repository.OrderRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;

@Service
public class OrderService {
    private final OrderRepository orders;
    private final TrackingClient tracking;

    public OrderService(OrderRepository orders, TrackingClient tracking) {
        this.orders = orders;
        this.tracking = tracking;
    }

    @Transactional
    public Order place(long productId, int quantity, BigDecimal unitPrice) {
        return orders.save(new Order(System.nanoTime(), productId, quantity, unitPrice.multiply(BigDecimal.valueOf(quantity))));
    }

    public String trackingStatus(long orderId) {
        return tracking.status(orderId);
    }
}
