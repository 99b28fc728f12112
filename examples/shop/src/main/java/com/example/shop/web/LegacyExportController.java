package com.example.shop.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

// Known and accepted until the export moves to the reporting service (see the suppression in archgov.yaml).
@RestController
public class LegacyExportController {
    private final RestTemplate rest;

    public LegacyExportController(RestTemplate rest) {
        this.rest = rest;
    }

    @GetMapping("/export")
    public String export() {
        return rest.getForObject("https://reports.example/export", String.class); // suppressed: GEN-HTTP-01
    }
}
