package dev.archgov.rules.saga;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Seata's saga annotation mode ({@code @CompensationBusinessAction}): its compensation is a phase two like a TCC
 * rollback, fenced with {@code useFence} or guarded by the transaction's id (SAGA-01), and it must resolve (SAGA-02).
 */
class SeataSagaActionTest {
    @TempDir
    Path dir;

    @Test
    void compensationsAreFencedOrGuardedAndResolve() {
        CompactTest.of(dir, "saga").source("""
                package org.apache.seata.saga.rm.api;
                import java.lang.annotation.*;
                @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD) @Inherited
                public @interface CompensationBusinessAction {
                    String name();
                    String compensationMethod() default "compensation";
                    boolean useFence() default false;
                }
                """).source("""
                package org.apache.seata.rm.tcc.api;
                public class BusinessActionContext {
                    public String getXid() { return ""; }
                }
                """).source("""
                package org.springframework.data.repository;
                public interface CrudRepository<T, ID> {
                    <S extends T> S save(S entity);
                    int updateStock(ID id, int delta);
                }
                """).source("""
                package stock;
                public interface StockRepository extends org.springframework.data.repository.CrudRepository<String, String> {
                }
                """).source("""
                package stock;
                import org.apache.seata.rm.tcc.api.BusinessActionContext;
                import org.apache.seata.saga.rm.api.CompensationBusinessAction;
                public class StockAction {
                    private StockRepository stock;
                    @CompensationBusinessAction(name = "reduce", compensationMethod = "restore")
                    public boolean reduce(BusinessActionContext context, String sku, int n) {
                        stock.updateStock(sku, -n); // expect: SAGA-01
                        return true;
                    }
                    public boolean restore(BusinessActionContext context) {
                        stock.updateStock("sku", 1);
                        return true;
                    }
                    /** Correct: Seata's fence log makes the compensation idempotent and refuses it before the action. */
                    @CompensationBusinessAction(name = "reserve", compensationMethod = "release", useFence = true)
                    public boolean reserve(BusinessActionContext context, String sku, int n) {
                        stock.updateStock(sku, -n);
                        return true;
                    }
                    public boolean release(BusinessActionContext context) {
                        stock.updateStock("sku", 1);
                        return true;
                    }
                    @CompensationBusinessAction(name = "hold", compensationMethod = "unhold", useFence = true)
                    public boolean hold(BusinessActionContext context, String sku) {
                        return true; // expect: SAGA-02
                    }
                }
                """).assertMarkersOf(2, "SAGA-01", "SAGA-02");
    }

    /**
     * Seata's state-machine saga: the JSON state language names a bean and a method per ServiceTask; a compensation
     * state's method is retried and must not change state unguarded (SAGA-01), and every named method must exist (SAGA-02).
     */
    @Test
    void stateMachineCompensationsAreGuardedAndResolve() {
        CompactTest.of(dir, "saga").source("""
                package org.springframework.stereotype;
                import java.lang.annotation.*;
                @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE)
                public @interface Service { String value() default ""; }
                """).source("""
                package org.springframework.data.repository;
                public interface CrudRepository<T, ID> {
                    <S extends T> S save(S entity);
                    int updateStock(ID id, int delta);
                    String findStatus(ID id);
                }
                """).source("""
                package stock;
                public interface StockRepository extends org.springframework.data.repository.CrudRepository<String, String> {
                }
                """).source("""
                package stock;
                @org.springframework.stereotype.Service
                public class StockActions { // expect: SAGA-02
                    private StockRepository stock;
                    public boolean reduce(String orderNo, String sku, int n) {
                        stock.updateStock(sku, -n);
                        return true;
                    }
                    public boolean restore(String orderNo, String sku, int n) {
                        stock.updateStock(sku, n); // expect: SAGA-01
                        return true;
                    }
                }
                """).source("""
                package stock;
                @org.springframework.stereotype.Service("balances")
                public class BalanceActions {
                    private StockRepository accounts;
                    public boolean debit(String orderNo, String user, int amount) {
                        accounts.updateStock(user, -amount);
                        return true;
                    }
                    /** Correct: the compensation checks the order's state first (a compensation that already ran finds it). */
                    public boolean refund(String orderNo, String user, int amount) {
                        if (!"DEBITED".equals(accounts.findStatus(orderNo))) {
                            return true;
                        }
                        accounts.updateStock(user, amount);
                        return true;
                    }
                }
                """).resource("statelang/order.json", """
                {
                  "Name": "order_saga", "StartState": "Reduce", "Version": "1.0",
                  "States": {
                    "Reduce": {"Type": "ServiceTask", "ServiceName": "stockActions", "ServiceMethod": "reduce",
                               "CompensateState": "Restore", "Next": "Debit"},
                    "Debit": {"Type": "ServiceTask", "ServiceName": "balances", "ServiceMethod": "debit",
                              "CompensateState": "Refund", "Next": "Notify"},
                    "Notify": {"Type": "ServiceTask", "ServiceName": "stockActions", "ServiceMethod": "notifyWarehouse", "Next": "Succeed"},
                    "Restore": {"Type": "ServiceTask", "ServiceName": "stockActions", "ServiceMethod": "restore"},
                    "Refund": {"Type": "ServiceTask", "ServiceName": "balances", "ServiceMethod": "refund"},
                    "Succeed": {"Type": "Succeed"}
                  }
                }
                """).resource("config/not-a-machine.json", """
                {"States": "none", "colors": [1, 2]}
                """).assertMarkersOf(2, "SAGA-01", "SAGA-02");
    }
}
