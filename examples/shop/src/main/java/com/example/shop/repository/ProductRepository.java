package com.example.shop.repository;

import com.example.shop.domain.Product;
import com.example.shop.service.PricingService;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

@Repository
// The field and constructor parameter of a service type are dependencies of the class as a whole (bytecode has
// no line for them), so they are reported at the class declaration.
public class ProductRepository { // expect: SHOP-LAYERS-01, GEN-CYCLE-01
    private final Map<Long, Product> products = Map.of(
            1L, new Product(1, "Keyboard", new BigDecimal("49.90")),
            2L, new Product(2, "Mouse", new BigDecimal("19.90")));
    private final PricingService pricing;

    public ProductRepository(PricingService pricing) {
        this.pricing = pricing;
    }

    public Optional<Product> find(long id) {
        return Optional.ofNullable(products.get(id));
    }

    // A repository that asks a service for prices reaches up a layer.
    public Optional<Product> findPriced(long id) {
        return find(id).map(p -> new Product(p.id(), p.name(), pricing.priceOf(p))); // expect: SHOP-LAYERS-01
    }
}
