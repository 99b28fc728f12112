package com.example.shop.repository;

import com.example.shop.domain.PaymentRecord;
import org.springframework.data.repository.CrudRepository;

public interface PaymentStore extends CrudRepository<PaymentRecord, String> {
}
