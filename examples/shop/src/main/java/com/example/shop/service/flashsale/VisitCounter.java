package com.example.shop.service.flashsale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class VisitCounter {
    private long visits;

    // Wrong: the monitor is released before the proxy commits.
    @Transactional
    public synchronized void record() {
        visits++; // expect: LOCK-06
    }

    // Right: synchronized without a transaction.
    public synchronized long snapshot() {
        return visits;
    }
}
