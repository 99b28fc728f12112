package com.acme.repo;

public class OrderStore {
    public String find(long id) {
        return "order " + id;
    }
}
