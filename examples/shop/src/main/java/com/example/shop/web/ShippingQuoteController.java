package com.example.shop.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

// Wrong: a (non-REST) controller using the JDK's HTTP client directly, once inside a lambda.
@Controller
public class ShippingQuoteController {
    private final HttpClient http = HttpClient.newHttpClient(); // expect: GEN-HTTP-01

    @GetMapping("/shipping/quote")
    @ResponseBody
    public String quote() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://rates.example/quote")).build(); // expect: GEN-HTTP-01
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body(); // expect: GEN-HTTP-01
    }

    @GetMapping("/shipping/quote/async")
    @ResponseBody
    public String quoteAsync() {
        return java.util.concurrent.CompletableFuture
                .supplyAsync(() -> http.sendAsync(null, HttpResponse.BodyHandlers.ofString())) // expect: GEN-HTTP-01
                .toString();
    }
}
