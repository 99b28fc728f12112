package dev.archgov.rules.saga;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * SAGA-06 judges a write by what it does, not by its name: a relative change ({@code stock = stock - n} in mapper XML,
 * a statement annotation, a MyBatis-Plus {@code setSql}, an entity changed from its own getter) applies again on a
 * redelivery, and a check that it matched a row is no guard; an update to absolute values, a delete and a
 * delete-then-insert replacement write the same state again and stay silent.
 */
class WriteShapesTest {
    @TempDir
    Path dir;

    private static final String LISTENER = """
            package org.apache.rocketmq.spring.core;
            public interface RocketMQListener<T> { void onMessage(T message); }
            """;

    @Test
    void mapperSqlDecidesWhatAMapperMethodDoes() {
        CompactTest.of(dir, "saga").source(LISTENER).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Update { String[] value(); }
                """).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Mapper { }
                """).source("""
                package stock;
                public interface StockMapper {
                    int deductStock(long id, int n);
                    int renameStore(long id, String name);
                    int refill(long id, int n);
                    @org.apache.ibatis.annotations.Update({"update goods", "set sales = sales + #{n} where id = #{id}"})
                    int addSales(long id, int n);
                    @org.apache.ibatis.annotations.Update("update goods set status = 'PAID' where id = #{id}")
                    int markPaid(long id);
                }
                """).resource("mapper/StockMapper.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
                <mapper namespace="stock.StockMapper">
                    <sql id="decrement">stock = stock - #{n}</sql>
                    <update id="deductStock">
                        UPDATE goods SET <include refid="decrement"/> WHERE id = #{id} AND stock &gt;= #{n}
                    </update>
                    <update id="renameStore">
                        UPDATE goods <set><if test="name != null">store_name = #{name},</if></set> WHERE store_id = #{id}
                    </update>
                    <update id="refill">
                        UPDATE goods SET `stock` = IFNULL(`stock`, 0) + #{n} WHERE id = #{id}
                    </update>
                </mapper>
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class PaidListener implements RocketMQListener<Long> {
                    private StockMapper mapper;
                    public void onMessage(Long id) {
                        if (mapper.deductStock(id, 1) == 0) { // expect: SAGA-06
                            throw new IllegalStateException("sold out"); // a check that a row matched: no idempotency
                        }
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class RefundListener implements RocketMQListener<Long> {
                    private StockMapper mapper;
                    public void onMessage(Long id) {
                        mapper.refill(id, 1); // expect: SAGA-06
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class SoldListener implements RocketMQListener<Long> {
                    private StockMapper mapper;
                    public void onMessage(Long id) {
                        mapper.addSales(id, 1); // expect: SAGA-06
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                /** Silent: both statements set absolute values; a redelivery writes the same row. */
                public class RenameListener implements RocketMQListener<Long> {
                    private StockMapper mapper;
                    public void onMessage(Long id) {
                        mapper.renameStore(id, "new name");
                        mapper.markPaid(id);
                    }
                }
                """).assertMarkersOf(3, "SAGA-06");
    }

    @Test
    void mybatisPlusWrappersAndEntities() {
        CompactTest.of(dir, "saga").source(LISTENER).source("""
                package com.baomidou.mybatisplus.extension.conditions.update;
                public class LambdaUpdateChainWrapper<T> {
                    public LambdaUpdateChainWrapper<T> eq(String column, Object value) { return this; }
                    public LambdaUpdateChainWrapper<T> ge(String column, Object value) { return this; }
                    public LambdaUpdateChainWrapper<T> set(String column, Object value) { return this; }
                    public LambdaUpdateChainWrapper<T> setSql(String sql, Object... params) { return this; }
                    public boolean update() { return true; }
                }
                """).source("""
                package com.baomidou.mybatisplus.core.conditions.update;
                public class UpdateWrapper<T> {
                    public UpdateWrapper<T> eq(String column, Object value) { return this; }
                    public UpdateWrapper<T> set(String column, Object value) { return this; }
                }
                """).source("""
                package com.baomidou.mybatisplus.extension.service;
                public interface IService<T> {
                    boolean save(T entity);
                    boolean updateById(T entity);
                    boolean removeById(Object id);
                    boolean update(com.baomidou.mybatisplus.core.conditions.update.UpdateWrapper<T> wrapper);
                    T getById(Object id);
                    java.util.List<T> list(Object query);
                    com.baomidou.mybatisplus.extension.conditions.update.LambdaUpdateChainWrapper<T> lambdaUpdate();
                }
                """).source("""
                package shop;
                public class Goods {
                    private Integer buyCount; private int status; private String id;
                    public Integer getBuyCount() { return buyCount; }
                    public void setBuyCount(Integer c) { buyCount = c; }
                    public int getStatus() { return status; }
                    public void setStatus(int s) { status = s; }
                    public String getId() { return id; }
                }
                """).source("""
                package shop;
                import com.baomidou.mybatisplus.core.conditions.update.UpdateWrapper;
                public abstract class GoodsService implements com.baomidou.mybatisplus.extension.service.IService<Goods> {
                    public void deduct(long id, int n) {
                        boolean updated = lambdaUpdate().eq("id", id).ge("stock", n).setSql("stock = stock - " + n).update();
                        if (!updated) {
                            throw new IllegalStateException("sold out");
                        }
                    }
                    /** A compare-and-set: a redelivery matches no row. */
                    public void pay(long id) {
                        boolean updated = lambdaUpdate().eq("id", id).eq("status", 0).set("status", 1).update();
                        if (!updated) {
                            return;
                        }
                    }
                    public void rename(String storeId, String name) {
                        update(new UpdateWrapper<Goods>().eq("store_id", storeId).set("store_name", name));
                    }
                    public void bought(String id, int n) {
                        Goods goods = getById(id);
                        if (goods != null) {
                            goods.setBuyCount(goods.getBuyCount() == null ? n : goods.getBuyCount() + n);
                            updateById(goods);
                        }
                    }
                    public void ship(String id) {
                        Goods goods = getById(id);
                        if (goods.getStatus() != 1) {
                            return;
                        }
                        goods.setStatus(2);
                        updateById(goods);
                    }
                    public void viewed(Goods footprint) {
                        java.util.List<Goods> old = list(footprint.getId());
                        if (old != null && !old.isEmpty()) {
                            removeById(old.get(0).getId());
                        }
                        save(footprint);
                    }
                }
                """).source("""
                package shop;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class DeductListener implements RocketMQListener<Long> {
                    private GoodsService goods;
                    public void onMessage(Long id) {
                        goods.deduct(id, 1); // expect: SAGA-06
                    }
                }
                """).source("""
                package shop;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class BoughtListener implements RocketMQListener<String> {
                    private GoodsService goods;
                    public void onMessage(String id) {
                        goods.bought(id, 1); // expect: SAGA-06
                    }
                }
                """).source("""
                package shop;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                /** Silent: a compare-and-set, absolute values, a status check, a replacement. */
                public class QuietListener implements RocketMQListener<String> {
                    private GoodsService goods;
                    public void onMessage(String id) {
                        goods.pay(Long.parseLong(id));
                        goods.rename(id, "name");
                        goods.ship(id);
                        goods.viewed(new Goods());
                    }
                }
                """).assertMarkersOf(2, "SAGA-06");
    }

    /**
     * A service that looks up a processed-message key first ({@code BooleanUtil.isTrue(redis.hasKey(…))}) guards the
     * writes behind it, seen from the listener; a consumer called through a JDK dynamic proxy the application builds
     * runs the proxy's handler (a message-log check): not judged. The same writes without either are reported.
     */
    @Test
    void processedKeyLookupsAndDynamicProxies() {
        CompactTest.of(dir, "saga").source(LISTENER).source("""
                package org.springframework.data.redis.core;
                public class StringRedisTemplate {
                    public Boolean hasKey(String key) { return false; }
                }
                """).source("""
                package cn.hutool.core.util;
                public final class BooleanUtil {
                    public static boolean isTrue(Boolean b) { return Boolean.TRUE.equals(b); }
                }
                """).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Insert { String[] value(); }
                """).source("""
                package stock;
                public interface LogMapper {
                    @org.apache.ibatis.annotations.Insert("INSERT INTO stock_log (tx_no, qty) VALUES (#{txNo}, #{qty})")
                    int record(String txNo, int qty);
                }
                """).source("""
                package stock;
                import cn.hutool.core.util.BooleanUtil;
                import org.springframework.data.redis.core.StringRedisTemplate;
                public class StockService {
                    private StringRedisTemplate redis;
                    private LogMapper mapper;
                    public boolean decrease(String txNo) {
                        if (BooleanUtil.isTrue(redis.hasKey("stock:tx:" + txNo))) {
                            return true;
                        }
                        return mapper.record(txNo, 1) > 0;
                    }
                    public boolean decreaseAgain(String txNo) {
                        return mapper.record(txNo, 1) > 0;
                    }
                }
                """).source("""
                package stock;
                public interface Consumer { void consume(String message); }
                """).source("""
                package stock;
                public class LogConsumer implements Consumer {
                    private LogMapper mapper;
                    public void consume(String message) { mapper.record(message, 1); }
                }
                """).source("""
                package stock;
                import java.lang.reflect.Proxy;
                public class ConsumerProxy {
                    private final Object target;
                    public ConsumerProxy(Object target) { this.target = target; }
                    public Object getProxy() {
                        return Proxy.newProxyInstance(target.getClass().getClassLoader(), target.getClass().getInterfaces(),
                                (proxy, method, args) -> method.invoke(target, args));
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                /** Silent: the service checks the processed key; the proxied consumer runs through its handler. */
                public class TxListener implements RocketMQListener<String> {
                    private StockService stock;
                    private LogConsumer consumer;
                    public void onMessage(String txNo) {
                        stock.decrease(txNo);
                        Consumer proxy = (Consumer) new ConsumerProxy(consumer).getProxy();
                        if (proxy != null) {
                            proxy.consume(txNo);
                        }
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class DirectListener implements RocketMQListener<String> {
                    private StockService stock;
                    public void onMessage(String txNo) {
                        stock.decreaseAgain(txNo); // expect: SAGA-06
                    }
                }
                """).source("""
                package stock;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class ConsumerListener implements RocketMQListener<String> {
                    private LogConsumer consumer;
                    public void onMessage(String txNo) {
                        consumer.consume(txNo); // expect: SAGA-06
                    }
                }
                """).assertMarkersOf(2, "SAGA-06");
    }

    /**
     * A relative change in a callee stays relative for its callers: a setting read first guards nothing, a status check
     * of the order the message names does.
     */
    @Test
    void relativeChangesNeedAStateCheckTheMessageNames() {
        CompactTest.of(dir, "saga").source(LISTENER).source("""
                package com.baomidou.mybatisplus.extension.service;
                public interface IService<T> {
                    boolean updateById(T entity);
                    T getById(Object id);
                    java.util.List<T> list(Object query);
                }
                """).source("""
                package points;
                public class Member {
                    private Long point;
                    public Long getPoint() { return point; }
                    public void setPoint(Long p) { point = p; }
                }
                """).source("""
                package points;
                public class Order {
                    private int status;
                    public int getStatus() { return status; }
                }
                """).source("""
                package points;
                public abstract class MemberService implements com.baomidou.mybatisplus.extension.service.IService<Member> {
                    public boolean addPoints(String memberId, long points) {
                        Member member = getById(memberId);
                        if (member != null) {
                            member.setPoint(member.getPoint() + points);
                            return updateById(member);
                        }
                        return false;
                    }
                }
                """).source("""
                package points;
                public abstract class SettingService implements com.baomidou.mybatisplus.extension.service.IService<String> {
                }
                """).source("""
                package points;
                public abstract class OrderService implements com.baomidou.mybatisplus.extension.service.IService<Order> {
                }
                """).source("""
                package points;
                public class RewardService {
                    private MemberService members;
                    private SettingService settings;
                    private OrderService orders;
                    public void signedIn(String memberId) {
                        String setting = settings.getById("POINT_SETTING");
                        if (setting != null) {
                            members.addPoints(memberId, 10);
                        }
                    }
                    public void paid(String orderId, String memberId) {
                        Order order = orders.getById(orderId);
                        if (order.getStatus() != 1) {
                            return;
                        }
                        members.addPoints(memberId, 10);
                    }
                }
                """).source("""
                package points;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class SignListener implements RocketMQListener<String> {
                    private RewardService rewards;
                    public void onMessage(String memberId) {
                        rewards.signedIn(memberId); // expect: SAGA-06
                    }
                }
                """).source("""
                package points;
                public class UnlockService {
                    private OrderService orders;
                    private MemberService members;
                    /** Only the rows still locked for the order the message names: a redelivery finds none. */
                    public void unlock(String orderSn) {
                        Order order = orders.getById(orderSn);
                        String key = "locked:" + order.getStatus();
                        for (Member member : members.list(key)) {
                            members.addPoints(String.valueOf(member.getPoint()), -1);
                        }
                    }
                }
                """).source("""
                package points;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                public class UnlockListener implements RocketMQListener<String> {
                    private UnlockService service;
                    public void onMessage(String orderSn) {
                        service.unlock(orderSn);
                    }
                }
                """).source("""
                package points;
                import org.apache.rocketmq.spring.core.RocketMQListener;
                /** Silent: the reward follows a check of the paid order's status. */
                public class PaidListener implements RocketMQListener<String> {
                    private RewardService rewards;
                    public void onMessage(String orderId) {
                        rewards.paid(orderId, "m");
                    }
                }
                """).assertMarkersOf(1, "SAGA-06");
    }
}
