package dev.archgov.rules.onion.domain.model;

/** The model reaching out to an adapter: against the onion. */
public class Order {
    public String save() {
        return new dev.archgov.rules.onion.adapter.persistence.OrderTable().insert(this);
    }
}
