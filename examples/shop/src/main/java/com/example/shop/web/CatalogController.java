package com.example.shop.web;

import com.example.shop.domain.Product;
import com.example.shop.service.CatalogService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

// Correct: the controller talks to its service only.
@RestController
public class CatalogController {
    private final CatalogService catalog;

    public CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/products/{id}")
    public Product product(@PathVariable long id) {
        return catalog.product(id).orElseThrow();
    }
}
