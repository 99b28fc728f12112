package com.example.shop.web;

import com.example.shop.service.flashsale.FlashSaleService;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.locks.ReentrantLock;

@RestController
public class FlashSaleController {
    private final RedissonClient redisson;
    private final FlashSaleService flashSale;
    private final ReentrantLock localLock = new ReentrantLock();

    public FlashSaleController(RedissonClient redisson, FlashSaleService flashSale) {
        this.redisson = redisson;
        this.flashSale = flashSale;
    }

    // Right: the service owns the locking.
    @PostMapping("/flash/{sku}")
    public void buy(@PathVariable long sku) {
        flashSale.buy(sku);
    }

    // Wrong: a distributed lock taken in the web layer.
    @PostMapping("/flash/{sku}/direct")
    public void buyDirect(@PathVariable long sku) {
        RLock lock = redisson.getLock("sku:" + sku);
        lock.lock(); // expect: LOCK-06
        try {
            flashSale.buy(sku);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: a local lock in the web layer.
    @PostMapping("/flash/{sku}/local")
    public void buyLocal(@PathVariable long sku) {
        localLock.lock(); // expect: LOCK-06
        try {
            flashSale.buy(sku);
        } finally {
            localLock.unlock();
        }
    }
}
