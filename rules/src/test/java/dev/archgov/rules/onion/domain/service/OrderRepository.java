package dev.archgov.rules.onion.domain.service;

import dev.archgov.rules.onion.domain.model.Order;

public interface OrderRepository {
    String insert(Order order);
}
