package com.example.shop.domain;

public record ProcessedMessage(String messageId) {
}
