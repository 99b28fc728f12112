package com.example.shop.service.catalog;

import com.example.shop.domain.Product;
import com.example.shop.repository.ProductStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;

@Service
public class ProductViewService {
    private final ProductStore products;
    private final ProductDetailService details;
    @Autowired
    @Lazy
    private ProductViewService self;

    public ProductViewService(ProductStore products, ProductDetailService details) {
        this.products = products;
        this.details = details;
    }

    @Cacheable("product-views")
    public Product cachedProduct(long id) {
        return products.findById(id).orElse(new Product(id, "", BigDecimal.ZERO));
    }

    @CacheEvict("product-views")
    public void evict(long id) {
        System.out.println("evicted " + id);
    }

    // Wrong: through this, the cache is never used.
    public String title(long id) {
        return cachedProduct(id).name(); // expect: CACHE-05
    }

    // Wrong: the eviction never happens.
    public void rename(long id, String name) {
        System.out.println("renamed " + id + " to " + name);
        this.evict(id); // expect: CACHE-05
    }

    // Right: through the proxy.
    public String titleThroughProxy(long id) {
        return self.cachedProduct(id).name();
    }

    // Right: another bean's cached method, called through its proxy.
    public String titleFromDetails(long id) {
        return details.cachedDetailWithMisses(id).name();
    }

    // Right: eviction through the proxy.
    public void renameThroughProxy(long id, String name) {
        System.out.println("renamed " + id + " to " + name);
        self.evict(id);
    }
}
