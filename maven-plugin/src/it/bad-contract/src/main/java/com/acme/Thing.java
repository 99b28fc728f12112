package com.acme;

public class Thing {
}
