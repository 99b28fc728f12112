package dev.archgov.rules.onion.adapter.persistence;

import dev.archgov.rules.onion.domain.model.Order;
import dev.archgov.rules.onion.domain.service.OrderRepository;

public class OrderTable implements OrderRepository {
    @Override
    public String insert(Order order) {
        return "ok";
    }
}
