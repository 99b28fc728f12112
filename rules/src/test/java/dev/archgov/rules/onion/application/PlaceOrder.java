package dev.archgov.rules.onion.application;

import dev.archgov.rules.onion.domain.model.Order;
import dev.archgov.rules.onion.domain.service.OrderRepository;

public class PlaceOrder {
    private final OrderRepository orders;

    public PlaceOrder(OrderRepository orders) {
        this.orders = orders;
    }

    public String place() {
        return orders.insert(new Order());
    }
}
