package com.acme.web;

public class OrderController {
    public String show(long id) {
        return "order " + id;
    }
}
