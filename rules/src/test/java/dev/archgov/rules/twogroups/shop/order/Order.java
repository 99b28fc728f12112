package dev.archgov.rules.twogroups.shop.order;

import dev.archgov.rules.twogroups.shop.stock.Stock;

/** Slices by two captured parts (module, then package): shop.order and shop.stock depend on each other. */
public class Order {
    public int reserved() {
        return new Stock().available(); // expect: TWO-GROUPS, TWO-NAMED
    }
}
