package dev.archgov.engine.history;

import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.JsonReportReader;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite schema 3 (score v2): each record carries the formula and band of its score, and the records made with score v1
 * are re-scored from their recorded findings (the reader computes v2 from the rules' findings, the size and the default
 * weights), so a history never mixes the two formulas: their score and band, and their delta against the record they
 * were compared with (or none when that one is gone). A Java migration because the new scores come from the reports'
 * JSON; it runs in Flyway's transaction with the schema change. Never edit a shipped migration.
 */
final class SqliteScoreV2Migration implements JavaMigration {
    static final int VERSION = 3;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(String.valueOf(VERSION));
    }

    @Override
    public String getDescription() {
        return "score v2";
    }

    @Override
    public Integer getChecksum() {
        return 20_260_301; // fixed: the migration's effect never changes once shipped
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE reports ADD COLUMN score_version INTEGER NOT NULL DEFAULT 1");
            s.execute("ALTER TABLE reports ADD COLUMN band TEXT NOT NULL DEFAULT ''");
        }
        rescore(connection);
    }

    private record Old(String repository, String commit, String contractHash, String againstCommit, double score, String band) {
    }

    static void rescore(Connection connection) throws SQLException {
        List<Old> old = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT repository, commit_id, contract_hash, report_json FROM reports WHERE score_version < 2")) {
            while (rs.next()) {
                Report report;
                try {
                    report = JsonReportReader.read(rs.getString("report_json"));
                } catch (IOException | RuntimeException e) {
                    continue; // a damaged record keeps its v1 score and says so (band "v1"); reading it fails as before
                }
                String against = JsonReportReader.recordedDeltaCommit(rs.getString("report_json"));
                old.add(new Old(rs.getString("repository"), rs.getString("commit_id"), rs.getString("contract_hash"), against,
                        report.score().overall(), report.score().band().label()));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE reports SET score = ?, band = ?, score_version = 2 WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            for (Old o : old) {
                update.setDouble(1, o.score());
                update.setString(2, o.band());
                update.setString(3, o.repository());
                update.setString(4, o.commit());
                update.setString(5, o.contractHash());
                update.executeUpdate();
            }
        }
        try (PreparedStatement before = connection.prepareStatement("SELECT score FROM reports WHERE repository = ? AND commit_id = ?"
                + " ORDER BY contract_hash = ? DESC, recorded_at DESC LIMIT 1");
             PreparedStatement delta = connection.prepareStatement(
                     "UPDATE reports SET delta = ? WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            for (Old o : old) {
                Double previous = null;
                if (!o.againstCommit().isEmpty()) {
                    before.setString(1, o.repository());
                    before.setString(2, o.againstCommit());
                    before.setString(3, o.contractHash());
                    try (ResultSet rs = before.executeQuery()) {
                        previous = rs.next() ? rs.getDouble(1) : null;
                    }
                }
                if (previous == null) {
                    delta.setNull(1, Types.REAL);
                } else {
                    delta.setDouble(1, Math.round((o.score() - previous) * 100) / 100.0);
                }
                delta.setString(2, o.repository());
                delta.setString(3, o.commit());
                delta.setString(4, o.contractHash());
                delta.executeUpdate();
            }
        }
    }
}
