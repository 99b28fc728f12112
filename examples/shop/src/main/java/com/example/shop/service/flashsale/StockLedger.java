package com.example.shop.service.flashsale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

// The transactional side of the flash sale: another bean, so calls to it go through its proxy.
@Service
public class StockLedger {
    private final Map<Long, Integer> stock = new ConcurrentHashMap<>();

    @Transactional
    public boolean decrement(long sku) {
        return stock.computeIfPresent(sku, (k, n) -> n > 0 ? n - 1 : n) != null;
    }
}
