package com.example.shop.web;

import com.example.shop.domain.Product;
import com.example.shop.service.catalog.ProductDetailService;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

// Right: a controller-level page cache in front of a guarded service (no database call here).
@RestController
public class ProductPageController {
    private final ProductDetailService details;
    private final Cache<Long, String> pages = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build();

    public ProductPageController(ProductDetailService details) {
        this.details = details;
    }

    @GetMapping("/products/{id}/page")
    public String page(@PathVariable long id) {
        String page = pages.getIfPresent(id);
        if (page == null) {
            Product p = details.detailWithBloom(id);
            page = p == null ? "<p>not found</p>" : "<h1>" + p.name() + "</h1>";
            pages.put(id, page);
        }
        return page;
    }
}
