package com.acme.web;

import com.acme.repo.OrderStore;

public class OrderController {
    private final OrderStore store = new OrderStore();

    public String show(long id) {
        return store.find(id);
    }
}
