package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing passes by checking nothing: a code-glob parameter (a facade, a DAO, a hot method) that matches no analysed
 * type or method is a typo that would silently check nothing. Every format names it, and {@code --strict} refuses the
 * run; a glob that matches stays quiet.
 */
class UnmatchedGlobsTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    static final String CONTRACT = """
            version: 1
            name: stock
            extends: [builtin:cache]
            analyze:
              classes: [build/classes]
              sources: [src]
            rules:
              - id: CACHE-01
                params:
                  cacheReads: [com.acme.Stock.read*, com.acme.StockCach.get*]
                  dbAccess: [com.acme.Stok]
            """;

    @Test
    void aGlobThatMatchesNothingIsReportedAndStrictRefusesTheRun() throws IOException {
        new JavacProject(root).withContract(CONTRACT).write("""
                package com.acme;
                public class Stock {
                    public Object readCache(String key) { return null; }
                }
                """);
        Cli run = Cli.run("check", root.toString(), "--format", "json,text,markdown", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode rule = null;
        for (JsonNode r : new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile()).path("rules")) {
            if (r.path("id").asText().equals("CACHE-01")) {
                rule = r;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(rule.path("unmatched")).extracting(JsonNode::asText)
                .containsExactly("cacheReads: com.acme.StockCach.get*", "dbAccess: com.acme.Stok");
        assertThat(Files.readString(out.resolve("archgov-report.txt")))
                .contains("matches nothing in the analysed code (a typo checks nothing): CACHE-01 cacheReads: com.acme.StockCach.get*; "
                        + "CACHE-01 dbAccess: com.acme.Stok");
        assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("Matches nothing in the analysed code");

        Cli strict = Cli.run("check", root.toString(), "--strict", "--no-cache");
        assertThat(strict.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(strict.err()).contains("archgov: error: --strict: matches nothing", "CACHE-01 dbAccess: com.acme.Stok");
    }
}
