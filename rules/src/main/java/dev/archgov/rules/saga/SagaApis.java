package dev.archgov.rules.saga;

import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;

/**
 * Saga and TCC frameworks by name (Seata in both package names, Axon 3 and 4, Eventuate Tram, Spring Kafka), what
 * writes state, and the idempotency evidence a contract declares: {@code idempotencyStore} (Type / Type.method globs,
 * e.g. a processed-message DAO) and {@code idempotentAnnotations} (meta-annotations count). Built in: SETNX
 * ({@code setIfAbsent}), {@code existsBy*}, {@code putIfAbsent}, Eventuate's {@code DuplicateMessageDetector}.
 */
final class SagaApis {
    static final List<String> TCC = List.of("org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction",
            "io.seata.rm.tcc.api.TwoPhaseBusinessAction");
    /** Seata's saga annotation mode: a forward action and its compensation method. */
    static final List<String> SAGA_ACTION = List.of("org.apache.seata.saga.rm.api.CompensationBusinessAction",
            "io.seata.saga.rm.api.CompensationBusinessAction");
    /** Both kinds of Seata action with a phase two. */
    static final List<String> SEATA_ACTIONS = List.of("org.apache.seata.rm.tcc.api.TwoPhaseBusinessAction",
            "io.seata.rm.tcc.api.TwoPhaseBusinessAction", "org.apache.seata.saga.rm.api.CompensationBusinessAction",
            "io.seata.saga.rm.api.CompensationBusinessAction");
    static final List<String> ACTION_CONTEXT = List.of("org.apache.seata.rm.tcc.api.BusinessActionContext",
            "io.seata.rm.tcc.api.BusinessActionContext");
    static final List<String> SAGA_HANDLER = List.of("org.axonframework.modelling.saga.SagaEventHandler",
            "org.axonframework.eventhandling.saga.SagaEventHandler");
    static final List<String> START_SAGA = List.of("org.axonframework.modelling.saga.StartSaga",
            "org.axonframework.eventhandling.saga.StartSaga");
    static final List<String> END_SAGA = List.of("org.axonframework.modelling.saga.EndSaga",
            "org.axonframework.eventhandling.saga.EndSaga");
    static final List<String> DEFAULT_CORRELATION = List.of("transactionId", "txId", "xid", "sagaId", "correlationId",
            "transferId", "requestId", "idempotencyKey", "messageId", "eventId", "operationId");

    /** Descriptions of the idempotency-evidence parameters the saga kinds share (constants, for their {@code @Param}s). */
    static final String IDEMPOTENCY_STORE_DOC =
            "the team's idempotency store: Type or Type.method globs (e.g. com.acme.ProcessedMessageDao, *.existsBy*)";
    static final String IDEMPOTENT_ANNOTATIONS_DOC =
            "annotations that make a method idempotent (meta-annotations count), e.g. com.acme.Idempotent";

    static String describe(MethodInsnNode m) {
        return MethodSite.describe(m);
    }

    private SagaApis() {
    }
}
