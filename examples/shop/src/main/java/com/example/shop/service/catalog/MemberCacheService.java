package com.example.shop.service.catalog;

import com.example.shop.domain.Member;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Service;

import java.time.Duration;

// The project's cache facade: declared in the contract as cacheReads/cacheWrites.
@Service
public class MemberCacheService {
    private final Cache<Long, Member> members = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();

    public Member getMember(long id) {
        return members.getIfPresent(id);
    }

    public void putMember(long id, Member member) {
        members.put(id, member);
    }
}
