package com.example.shop.service.catalog;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import org.springframework.stereotype.Component;

// The project's Bloom-filter facade: declared in the contract as bloomFilters.
@Component
public class MemberBloom {
    private final BloomFilter<Long> ids = BloomFilter.create(Funnels.longFunnel(), 1_000_000, 0.01);

    public boolean mightExist(long id) {
        return ids.mightContain(id);
    }

    public void add(long id) {
        ids.put(id);
    }
}
