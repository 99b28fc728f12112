package dev.archgov.rules.saga;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * SAGA-06: a message listener that writes checks idempotency first. RocketMQ listeners and annotated RabbitMQ
 * listeners whose writes happen in a service they call are reported; a listener that consults a processed-message
 * record first, one whose service checks the record itself, and one whose service writes only behind a check of
 * stored state (a status read back, a conditional update's row count) stay silent.
 */
class IdempotentConsumerRuleTest {
    @TempDir
    Path dir;

    @Test
    void listenersThatWriteThroughServices() {
        CompactTest.of(dir, "saga").source("""
                package org.apache.rocketmq.spring.core;
                public interface RocketMQListener<T> { void onMessage(T message); }
                """).source("""
                package org.springframework.amqp.rabbit.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface RabbitListener { String[] queues() default {}; }
                """).source("""
                package org.springframework.data.repository;
                public interface CrudRepository<T, ID> {
                    <S extends T> S save(S entity);
                    boolean existsById(ID id);
                    T findById(ID id);
                    int updateStatus(ID id, String from, String to);
                    void deleteById(ID id);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> { Boolean setIfAbsent(K key, V value); V get(Object key); }
                """).source("""
                package shop;
                public interface OrderRepository extends org.springframework.data.repository.CrudRepository<String, String> {
                }
                """).source("""
                package shop;
                public class OrderService {
                    private OrderRepository orders;
                    private org.springframework.data.redis.core.ValueOperations<String, String> redis;
                    public void place(String order) { orders.save(order); }
                    /** Guarded by stored state: a redelivery finds the order no longer NEW. */
                    public void close(String id) {
                        String status = orders.findById(id);
                        if (!"NEW".equals(status)) {
                            return;
                        }
                        orders.save(id + ":CLOSED");
                    }
                    /** Guarded by stored state, the write in a helper. */
                    public void release(String id) {
                        if ("LOCKED".equals(orders.findById(id))) {
                            unlock(id);
                        }
                    }
                    private void unlock(String id) { orders.save(id + ":UNLOCKED"); }
                    /** A replace: the old row is deleted first. */
                    public void footprint(String id) {
                        orders.deleteById(id);
                        orders.save(id);
                    }
                    /** Guarded by a conditional update: only the first delivery moves NEW to PAID. */
                    public void pay(String id) {
                        if (orders.updateStatus(id, "NEW", "PAID") == 0) {
                            return;
                        }
                        orders.save(id + ":PAID");
                    }
                    /** Guards its own write: SETNX the message id first. */
                    public void placeOnce(String messageId, String order) {
                        if (Boolean.TRUE.equals(redis.setIfAbsent("seen:" + messageId, "1"))) {
                            orders.save(order);
                        }
                    }
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class StringRedisTemplate {
                    public ValueOperations<String, String> opsForValue() { return null; }
                }
                """).source("""
                package shop;
                public class Dedup {
                    private final org.springframework.data.redis.core.StringRedisTemplate redis = new org.springframework.data.redis.core.StringRedisTemplate();
                    public String get(String key) { return redis.opsForValue().get(key); }
                }
                """).source("""
                package shop;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class OrderListener implements RocketMQListener<String> {
                    private final OrderService service = new OrderService();
                    @Override
                    public void onMessage(String message) {
                        service.place(message); // expect: SAGA-06
                    }
                }
                """).source("""
                package shop;
                import org.springframework.amqp.rabbit.annotation.RabbitListener;
                public class PaymentListener {
                    private final OrderService service = new OrderService();
                    private org.springframework.data.redis.core.ValueOperations<String, String> redis;
                    @RabbitListener(queues = "paid")
                    public void paid(String message) {
                        service.place(message); // expect: SAGA-06
                    }
                    /** Silent: the processed-message record is consulted first. */
                    @RabbitListener(queues = "refunded")
                    public void refunded(String message) {
                        if (!Boolean.TRUE.equals(redis.setIfAbsent("refund:" + message, "1"))) {
                            return;
                        }
                        service.place(message);
                    }
                    /** Silent: the service checks the record itself. */
                    @RabbitListener(queues = "shipped")
                    public void shipped(String message) {
                        service.placeOnce(message, message);
                    }
                    private final Dedup dedup = new Dedup();
                    /** Silent: a processed-message key made from the message is looked up first (through the app's Redis facade). */
                    @RabbitListener(queues = "tracked")
                    public void tracked(String message) {
                        if (dedup.get("consumed:" + message) != null) {
                            return;
                        }
                        service.place(message);
                    }
                    /** Silent: the service's writes are behind checks of stored state. */
                    @RabbitListener(queues = "closed")
                    public void closed(String message) {
                        service.close(message);
                        service.pay(message);
                        service.release(message);
                        service.footprint(message);
                    }
                }
                """).assertMarkersOf(2, "SAGA-06");
    }

    /** A JDBC upsert writes the same row however often the message comes; a plain insert writes it again. */
    @Test
    void jdbcUpsertsAreIdempotentWrites() {
        CompactTest.of(dir, "saga").source("""
                package org.springframework.jdbc.core;
                public class JdbcTemplate {
                    public int update(String sql, Object... args) { return 1; }
                }
                """).source("""
                package org.springframework.amqp.rabbit.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface RabbitListener { String[] queues() default {}; }
                """).source("""
                package alerts;
                import org.springframework.jdbc.core.JdbcTemplate;
                public class AlertStore {
                    private static final String UPSERT = "INSERT INTO alert (alert_id, level) VALUES (?, ?) "
                            + "ON DUPLICATE KEY UPDATE level = VALUES(level)";
                    private JdbcTemplate jdbc;
                    public void upsert(String id, String level) { jdbc.update(UPSERT, id, level); }
                    public void insert(String id, String level) { jdbc.update("INSERT INTO alert_log (alert_id, level) VALUES (?, ?)", id, level); }
                }
                """).source("""
                package alerts;
                import org.springframework.amqp.rabbit.annotation.RabbitListener;
                public class AlertListener {
                    private final AlertStore store = new AlertStore();
                    /** Silent: an upsert keyed by the alert id. */
                    @RabbitListener(queues = "alerts")
                    public void raised(String id) {
                        store.upsert(id, "HIGH");
                    }
                    @RabbitListener(queues = "alert-log")
                    public void logged(String id) {
                        store.insert(id, "HIGH"); // expect: SAGA-06
                    }
                }
                """).assertMarkersOf(1, "SAGA-06");
    }

    /** A new row is guarded by a look at the rows it would duplicate, not by reading a template or a switch first. */
    @Test
    void aConfigurationReadDoesNotGuardAnInsert() {
        CompactTest.of(dir, "saga").source("""
                package org.apache.rocketmq.spring.core;
                public interface RocketMQListener<T> { void onMessage(T message); }
                """).source("""
                package org.springframework.data.repository;
                public interface CrudRepository<T, ID> {
                    <S extends T> S save(S entity);
                    T findByKey(ID id);
                }
                """).source("""
                package notice;
                public interface TemplateRepository extends org.springframework.data.repository.CrudRepository<String, String> {}
                """).source("""
                package notice;
                public interface InboxRepository extends org.springframework.data.repository.CrudRepository<String, String> {}
                """).source("""
                package notice;
                public class InboxService {
                    private TemplateRepository templates;
                    private InboxRepository inbox;
                    /** Reads the notice template (a switch), then adds a message: a redelivery adds it again. */
                    public void notify(String event) {
                        String template = templates.findByKey("order-paid");
                        if (template != null) {
                            inbox.save(template + event);
                        }
                    }
                    /** Looks for the message it would add first: a redelivery finds it. */
                    public void notifyOnce(String eventId) {
                        if (inbox.findByKey(eventId) == null) {
                            inbox.save(eventId);
                        }
                    }
                }
                """).source("""
                package notice;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class PaidListener implements RocketMQListener<String> {
                    private final InboxService inbox = new InboxService();
                    public void onMessage(String event) {
                        inbox.notify(event); // expect: SAGA-06
                    }
                }
                """).source("""
                package notice;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class ShippedListener implements RocketMQListener<String> {
                    private final InboxService inbox = new InboxService();
                    public void onMessage(String eventId) {
                        inbox.notifyOnce(eventId);
                    }
                }
                """).assertMarkersOf(1, "SAGA-06");
    }

    /**
     * A listener that dispatches on the message's tag has one handler per case: each case's unguarded write is its own
     * finding; a second write on the same path is the same redelivery and is not reported again.
     */
    @Test
    void eachCaseOfADispatchingListenerIsJudged() {
        CompactTest.of(dir, "saga").source("""
                package org.apache.rocketmq.spring.core;
                public interface RocketMQListener<T> { void onMessage(T message); }
                """).source("""
                package org.springframework.data.repository;
                public interface CrudRepository<T, ID> {
                    <S extends T> S save(S entity);
                }
                """).source("""
                package member;
                public interface PointRepository extends org.springframework.data.repository.CrudRepository<String, String> {}
                """).source("""
                package member;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class MemberListener implements RocketMQListener<String> {
                    private PointRepository points;
                    public void onMessage(String message) {
                        switch (message.substring(0, 4)) {
                            case "SIGN":
                                points.save("sign:" + message); // expect: SAGA-06
                                points.save("log:" + message);
                                break;
                            case "SHOP":
                                points.save("shop:" + message); // expect: SAGA-06
                                break;
                            default:
                                break;
                        }
                    }
                }
                """).assertMarkersOf(2, "SAGA-06");
    }
}
