package com.example.shop.web;

import com.example.shop.domain.Order;
import com.example.shop.service.OrderService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

import java.math.BigDecimal;

@RestController
public class OrderController {
    private final OrderService orders;
    private final RestTemplate rest = new RestTemplate(); // expect: GEN-HTTP-01

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    public Order place(@RequestParam long productId, @RequestParam int quantity) {
        return orders.place(productId, quantity, BigDecimal.TEN);
    }

    // Wrong: the controller calls the carrier's API itself.
    @GetMapping("/orders/{id}/carrier")
    public String carrierStatus(@PathVariable long id) {
        return rest.getForObject("https://carrier.example/track/{id}", String.class, id); // expect: GEN-HTTP-01
    }

    // Right: the same information through the service and the integration layer.
    @GetMapping("/orders/{id}/tracking")
    public String tracking(@PathVariable long id) {
        return orders.trackingStatus(id);
    }
}
