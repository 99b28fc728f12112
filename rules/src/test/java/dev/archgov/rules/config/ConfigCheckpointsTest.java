package dev.archgov.rules.config;

import dev.archgov.engine.imports.AnalysisInputException;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.rules.testing.CompactTest;
import dev.archgov.spi.config.ConfigFileException;
import dev.archgov.spi.config.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration checkpoints, kind by kind: violating settings marked {@code # expect: CFG-NN} beside correct twins
 * that must stay silent, in the files a contract names in {@code analyze.config}.
 */
class ConfigCheckpointsTest {
    private static final String APP = "package app;\npublic class App { }\n";

    private static CompactTest test(Path dir) {
        return CompactTest.of(dir, "checkpoints").source(APP);
    }

    @Test
    void springSettingsAreJudgedPerProfileAsSpringMergesThem(@TempDir Path dir) {
        Report report = test(dir)
                .config("shop/application.yml", """
                        spring:
                          cloud:
                            stream:
                              default:
                                group: ignored-here     # only the legacy app below lacks a group
                              bindings:
                                payments-in-0: { destination: payments }
                          jpa:
                            open-in-view: false
                        ---
                        spring:
                          config:
                            activate:
                              on-profile: dev
                          jpa:
                            open-in-view: true          # expect: CFG-05
                        """)
                .config("shop/application-qa.properties", """
                        # relaxed binding and continuation lines, as java.util.Properties reads them
                        # expect: CFG-05
                        spring.jpa.open_in_view = \\
                            true
                        """)
                .config("legacy/application.yml", """
                        spring:
                          profiles:
                            active: cloud               # the default run has the cloud profile on
                          cloud:
                            stream:
                              bindings:
                                input: { destination: orders }      # expect: CFG-01
                                output: { destination: audit }
                                refunds-in-0:
                                  destination: refunds
                                  group: legacy
                          jpa:
                            open-in-view: false
                        ---
                        spring:
                          profiles: cloud               # the legacy form of on-profile
                          jpa:
                            open-in-view: true          # expect: CFG-05
                        """)
                .config("props/application.properties", """
                        # a properties-only application: a missing setting is reported at the first one below spring.jpa
                        # expect: CFG-05
                        spring.jpa.show-sql=false
                        """)
                .assertMarkersOf(5, "CFG-01", "CFG-05");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("CFG-05")).extracting(Finding::detail)
                .anySatisfy(d -> assertThat(d).endsWith("(profile dev)"))
                .anySatisfy(d -> assertThat(d).endsWith("(profile qa)"));
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.column()).isPositive());
    }

    @Test
    void kafkaConsumersNeedAGroupAndADeliberateAutoCommit(@TempDir Path dir) {
        test(dir)
                .source("""
                        package org.springframework.kafka.annotation;
                        import java.lang.annotation.*;
                        @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.METHOD, ElementType.TYPE})
                        public @interface KafkaListener { String id() default ""; String groupId() default ""; String[] topics() default {}; }
                        """)
                .source("""
                        package app;
                        import org.springframework.kafka.annotation.KafkaListener;
                        public class Listeners {
                            @KafkaListener(topics = "a", groupId = "app") public void a(String m) { }
                            @KafkaListener(topics = "b", id = "app-b") public void b(String m) { }
                        }
                        """)
                .config("app/application.yml", """
                        spring:
                          kafka:
                            consumer:                   # expect: CFG-02
                              auto-offset-reset: earliest
                        """)
                .config("ok/application.properties", """
                        spring.kafka.consumer.enable-auto-commit=false
                        """)
                .assertMarkersOf(1, "CFG-02");
    }

    @Test
    void redisDatasourceAndSeataSettings(@TempDir Path dir) {
        test(dir)
                .source("""
                        package io.seata.spring.annotation;
                        public @interface GlobalTransactional { }
                        """)
                .source("""
                        package app;
                        public class Orders { @io.seata.spring.annotation.GlobalTransactional public void place() { } }
                        """)
                .config("bad/application.yml", """
                        spring:                         # expect: CFG-06
                          redis:                        # expect: CFG-03
                            host: redis
                            redisson:
                              file: classpath:redisson.yml
                          datasource:
                            url: jdbc:mysql://db/a      # expect: CFG-04
                            druid:
                              max-active: 20
                        """)
                .config("bad/redisson.yml", """
                        clusterServersConfig:           # expect: CFG-03
                          timeout: 500
                          nodeAddresses: [redis://a:6379]
                        """)
                .config("good/application.yml", """
                        spring:
                          data:
                            redis: { host: redis, timeout: 300ms }
                          datasource:
                            url: jdbc:mysql://db/b
                            hikari: { maximum-pool-size: 10, connection-timeout: 1500 }
                        seata:
                          tx-service-group: orders
                        """)
                .config("good/redisson.yml", """
                        singleServerConfig: { address: "redis://a:6379", timeout: 300, connectTimeout: 1000 }
                        """)
                .config("off/application.yml", """
                        seata:
                          enabled: false                # Seata switched off: no group needed
                        """)
                .assertMarkersOf(4, "CFG-03", "CFG-04", "CFG-06");
    }

    @Test
    void kubernetesWorkloadsContainerByContainer(@TempDir Path dir) {
        test(dir)
                .config("k8s/all.yaml", """
                        apiVersion: v1
                        kind: List
                        items:
                          - apiVersion: apps/v1
                            kind: StatefulSet
                            metadata: { name: db }
                            spec:
                              template:
                                spec:
                                  securityContext: { runAsUser: 999 }   # non-root by user id, for every container
                                  initContainers:
                                    - name: init                        # expect: CFG-08, CFG-09, CFG-11
                                      image: busybox
                                  containers:
                                    - name: db                          # expect: CFG-12, CFG-13
                                      image: postgres
                                      securityContext:
                                        runAsNonRoot: false             # expect: CFG-07
                                        runAsUser: 0
                                        allowPrivilegeEscalation: false
                                        readOnlyRootFilesystem: true
                                        capabilities: { drop: [ALL], add: [CAP_SYS_ADMIN] }   # expect: CFG-11
                                      resources:                        # half of it
                                        requests: { cpu: 1, memory: 1Gi }
                                      readinessProbe: { tcpSocket: { port: 5432 } }
                        """)
                .config("k8s/pod.yaml", """
                        apiVersion: v1
                        kind: Pod
                        metadata: { name: debug }
                        spec:
                          securityContext: { runAsNonRoot: true }
                          containers:
                            - name: shell
                              image: alpine
                              securityContext:
                                privileged: true                # expect: CFG-10
                                allowPrivilegeEscalation: false
                                readOnlyRootFilesystem: true
                                capabilities: { drop: [all] }
                              resources:
                                requests: { cpu: 10m, memory: 16Mi }
                                limits: { cpu: 10m, memory: 16Mi }
                              livenessProbe: { exec: { command: [/bin/true] } }
                              readinessProbe: { exec: { command: [/bin/true] } }
                        ---
                        apiVersion: batch/v1
                        kind: Job
                        metadata: { name: migrate }
                        spec:
                          template:
                            spec:
                              securityContext: { runAsNonRoot: true }
                              containers:
                                - name: migrate                 # a Job needs no probes
                                  image: flyway
                                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
                                  resources: { requests: { cpu: 1, memory: 1Gi }, limits: { cpu: 1, memory: 1Gi } }
                        ---
                        apiVersion: v1
                        kind: ConfigMap                          # not a workload
                        metadata: { name: settings }
                        data: { a: b }
                        """)
                .assertMarkersOf(6, "CFG-07", "CFG-08", "CFG-09", "CFG-10", "CFG-11", "CFG-12", "CFG-13");
        // the StatefulSet's db container: resources half set and no liveness probe, both reported at its name
        Report report = test(dir.resolve("pod")).config("k8s/all.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n"
                + "    - name: c\n      resources: { requests: { cpu: 1 } }\n      readinessProbe: { tcpSocket: { port: 1 } }\n").check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("CFG-12")).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo("resources.requests.memory, resources.limits.cpu, resources.limits.memory");
            assertThat(f.element()).isEqualTo("Pod p container c");
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.column()).isEqualTo(7);
        });
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("CFG-13")).extracting(Finding::target).containsExactly("livenessProbe");
    }

    @Test
    void istioMutualTlsRoutesAndOutlierDetection(@TempDir Path dir) {
        test(dir)
                .config("istio/rules.yaml", """
                        apiVersion: security.istio.io/v1beta1
                        kind: PeerAuthentication
                        metadata: { name: default, namespace: payments }
                        spec: { mtls: { mode: STRICT } }        # covers the payments namespace only
                        ---
                        apiVersion: security.istio.io/v1beta1
                        kind: PeerAuthentication
                        metadata: { name: legacy, namespace: legacy }
                        spec:
                          mtls:
                            mode: DISABLE                       # expect: CFG-14
                        ---
                        apiVersion: networking.istio.io/v1beta1
                        kind: DestinationRule
                        metadata: { name: payments, namespace: payments }
                        spec:
                          host: payments
                          trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } }
                        ---
                        apiVersion: networking.istio.io/v1beta1
                        kind: DestinationRule
                        metadata:
                          name: orders                          # expect: CFG-14, CFG-16
                          namespace: orders
                        spec:
                          host: orders
                          subsets:
                            - name: v1
                              trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } }
                            - name: v2
                        ---
                        apiVersion: networking.istio.io/v1beta1
                        kind: DestinationRule
                        metadata: { name: bank, namespace: orders }
                        spec:
                          host: api.bank.example.com
                          trafficPolicy:
                            tls: { mode: SIMPLE }               # TLS origination to an external host: encrypted
                            outlierDetection: { consecutive5xxErrors: 5 }
                        ---
                        apiVersion: networking.istio.io/v1beta1
                        kind: VirtualService
                        metadata: { name: orders, namespace: orders }
                        spec:
                          hosts: [orders]
                          http:
                            - route: [{ destination: { host: orders, subset: v1 } }]   # expect: CFG-15
                              timeout: 1s
                            - name: v2
                              route: [{ destination: { host: orders, subset: v2 } }]
                              timeout: 1s
                              retries: { attempts: 2 }
                            - name: legacy-home
                              directResponse: { status: 410 }
                        """)
                .assertMarkersOf(4, "CFG-14", "CFG-15", "CFG-16");
    }

    @Test
    void tracingSamplesAFractionInProduction(@TempDir Path dir) {
        test(dir)
                .config("app/application.yml", """
                        management:
                          tracing:
                            sampling:
                              probability: 1.0          # outside production: the prod profile lowers it
                        ---
                        spring.config.activate.on-profile: prod
                        management.tracing.sampling.probability: 0.05
                        """)
                .config("legacy/application.yml", """
                        opentracing:
                          jaeger:
                            const-sampler:
                              decision: true            # expect: CFG-17
                        """)
                .config("jaeger/strategies.json", """
                        {"default_strategy": {"type": "probabilistic", "param": 0.01},
                         "service_strategies": [{"service": "checkout", "type": "ratelimiting", "param": 5}]}
                        """)
                .config("jaeger/strategies.yaml", """
                        default_strategy:
                          type: const                   # expect: CFG-17
                          param: 1
                        """)
                .config("k8s/app.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: { name: app }
                        spec:
                          template:
                            spec:
                              containers:
                                - name: app
                                  env:
                                    - { name: OTEL_SERVICE_NAME, value: app }
                                    - name: OTEL_TRACES_SAMPLER
                                      value: always_on          # expect: CFG-17
                                - name: worker
                                  env:
                                    - { name: JAEGER_SAMPLER_TYPE, value: probabilistic }
                                    - { name: JAEGER_SAMPLER_PARAM, value: "0.1" }
                                    - { name: OTEL_SDK_DISABLED, value: "true" }
                                    - { name: OTEL_SERVICE_NAME, value: worker }
                        """)
                .assertMarkersOf(3, "CFG-17");
        // the JSON file's const-1 service strategy is reported too (JSON carries no marker)
        Report report = test(dir.resolve("json")).config("jaeger/strategies.json", "{\"service_strategies\": [{\"service\": \"checkout\", \"type\": \"const\", "
                + "\"param\": 1}]}").check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("CFG-17")).singleElement()
                .satisfies(f -> assertThat(f.element()).isEqualTo("service_strategies checkout"));
    }

    @Test
    void nothingConfiguredChecksNothing(@TempDir Path dir) {
        Report report = test(dir).config("notes/readme.yaml", "title: not a configuration anyone checks\n").check();
        assertThat(report.findings()).isEmpty();
        assertThat(report.rules()).allSatisfy(r -> assertThat(r.checked()).isZero());
    }

    @Test
    void aFileThatDoesNotParseFailsTheRunWithItsPlace(@TempDir Path dir) {
        assertThatThrownBy(() -> test(dir.resolve("a")).config("k8s/bad.yaml", "kind: Deployment\nmetadata:\n  name: [unclosed\n").check())
                .isInstanceOf(AnalysisInputException.class).hasMessageMatching(".*bad\\.yaml:\\d+:\\d+: invalid YAML: .*");
        assertThatThrownBy(() -> test(dir.resolve("b")).config("k8s/dup.yaml", "kind: Pod\nkind: Deployment\n").check())
                .isInstanceOf(AnalysisInputException.class).hasMessageEndingWith("dup.yaml:2:1: duplicate key 'kind' (first at line 1)");
        assertThatThrownBy(() -> test(dir.resolve("c")).config("chart/deployment.yaml", "metadata:\n  name: {{ .Values.name }}\n  x: [\n").check())
                .isInstanceOf(AnalysisInputException.class).hasMessageContaining("a template? name its rendered output in analyze.config");
        ConfigFiles none = ConfigFiles.of(List.of(dir.resolve("deploy")));
        none.load(); // a path that does not exist: listed (an older commit may lack it), never fatal
        assertThat(none.missing()).containsExactly(dir.resolve("deploy").toString());
    }

    /** Aliases beyond a small budget are refused (no "billion laughs"), and so are global tags (no type is ever constructed). */
    @Test
    void configurationIsReadSafely(@TempDir Path dir) throws Exception {
        StringBuilder laughs = new StringBuilder("a: &a [x, x]\n");
        for (int i = 0; i < 120; i++) {
            laughs.append("k").append(i).append(": *a\n");
        }
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c/laughs.yaml"), laughs);
        assertThatThrownBy(() -> ConfigFiles.of(List.of(dir.resolve("c"))).load()).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("laughs.yaml");
        Files.delete(dir.resolve("c/laughs.yaml"));
        Files.writeString(dir.resolve("c/tagged.yaml"), "apiVersion: v1\nkind: !!javax.script.ScriptEngineManager [x]\n");
        assertThatThrownBy(() -> ConfigFiles.of(List.of(dir.resolve("c"))).load()).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("tagged.yaml:2:7: invalid YAML: Global tag is not allowed");
    }
}
