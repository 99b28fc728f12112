package dev.archgov.rules.twogroups.shop.stock;

import dev.archgov.rules.twogroups.shop.order.Order;

public class Stock {
    public int available() {
        return 1;
    }

    public int pending() {
        return new Order().reserved();
    }
}
