package dev.archgov.rules.twogroups.billing.invoice;

import dev.archgov.rules.twogroups.shop.order.Order;

/** billing.invoice uses shop.order, nothing uses it back: no cycle. */
public class Invoice {
    public int total() {
        return new Order().reserved();
    }
}
