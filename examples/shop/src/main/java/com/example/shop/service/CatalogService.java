package com.example.shop.service;

import com.example.shop.domain.Product;
import com.example.shop.repository.ProductRepository;
import org.springframework.stereotype.Service;

import java.util.Optional;

// Correct layering: service -> repository -> domain, prices computed in the service layer.
@Service
public class CatalogService {
    private final ProductRepository products;
    private final PricingService pricing;

    public CatalogService(ProductRepository products, PricingService pricing) {
        this.products = products;
        this.pricing = pricing;
    }

    public Optional<Product> product(long id) {
        return products.find(id).map(p -> new Product(p.id(), p.name(), pricing.priceOf(p)));
    }
}
