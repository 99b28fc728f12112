package com.example.shop.repository;

import com.example.shop.domain.ProcessedMessage;
import org.springframework.data.repository.CrudRepository;

// The processed-message table: the consumers' idempotency store.
public interface ProcessedMessageStore extends CrudRepository<ProcessedMessage, String> {
    boolean existsByMessageId(String messageId);
}
