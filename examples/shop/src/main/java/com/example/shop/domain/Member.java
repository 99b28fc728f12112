package com.example.shop.domain;

public record Member(long id, String name) {
}
