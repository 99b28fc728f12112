package dev.archgov.engine.contract;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An accepted finding. {@code rule} is a rule id or a glob ({@code GEN-*}); {@code where} is a glob over the
 * finding's element (class name or {@code Class.method(params)}): {@code *} stays within a name segment,
 * {@code **} matches anything. From {@code expires} on, the suppression no longer applies and is reported.
 */
public record Suppression(String rule, String where, String reason, Optional<LocalDate> expires, SourcePos pos) {

    public boolean expiredOn(LocalDate today) {
        return expires.map(today::isAfter).orElse(false);
    }
}
