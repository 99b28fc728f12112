package dev.archgov.rules.onion.adapter.rest;

import dev.archgov.rules.onion.application.PlaceOrder;

/** An adapter using another adapter directly: against the onion. */
public class OrderEndpoint {
    public String post() {
        return new PlaceOrder(new dev.archgov.rules.onion.adapter.persistence.OrderTable()).place();
    }
}
