package com.example.shop.repository;

import com.example.shop.domain.Product;
import org.springframework.data.repository.CrudRepository;

// Spring Data repository of products (database access).
public interface ProductStore extends CrudRepository<Product, Long> {
}
