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
}
