package dev.archgov.engine.history;

import dev.archgov.engine.report.Report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history in a SQL database, one schema for every backend: reports keyed by (repository, commit, contract hash)
 * with an upsert, build failures beside them. A subclass opens the connection, brings the schema up to date and says
 * how a write transaction is taken and how errors read.
 */
public abstract class JdbcHistoryStore implements HistoryStore {
    /** The store as messages name it: a file, or a database URL without credentials. */
    final String where;
    final Connection connection;

    JdbcHistoryStore(String where, Connection connection) {
        this.where = where;
        this.connection = connection;
    }

    /** One unit of work on the connection. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one write transaction: all of it is stored, or nothing. */
    abstract void inWriteTransaction(Work work) throws SQLException;

    /** A store error as one message naming the store. */
    abstract HistoryException failure(Exception e);

    @Override
    public void record(Report report, String reportJson, String classHash) {
        String sql = "INSERT INTO reports (repository, commit_id, contract_hash, contract_name, branch, detached, dirty, commit_time,"
                + " recorded_at, score, delta, findings, report_json, class_hash, score_version, band) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (repository, commit_id, contract_hash) DO UPDATE SET contract_name = excluded.contract_name,"
                + " branch = excluded.branch, detached = excluded.detached, dirty = excluded.dirty, commit_time = excluded.commit_time,"
                + " recorded_at = excluded.recorded_at, score = excluded.score, delta = excluded.delta, findings = excluded.findings,"
                + " report_json = excluded.report_json, class_hash = excluded.class_hash, score_version = excluded.score_version,"
                + " band = excluded.band";
        String now = Instant.now().toString();
        var git = report.git();
        try (PreparedStatement p = connection.prepareStatement(sql);
             PreparedStatement clear = connection.prepareStatement(
                     "DELETE FROM build_failures WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            p.setString(1, repositoryOf(report));
            p.setString(2, git.commit());
            p.setString(3, report.contract().hash());
            p.setString(4, report.contract().name());
            p.setString(5, git.branch());
            p.setInt(6, git.detached() ? 1 : 0);
            p.setInt(7, git.dirty() ? 1 : 0);
            p.setString(8, git.commitTime().isEmpty() ? now : git.commitTime());
            p.setString(9, now);
            p.setDouble(10, report.score().overall());
            if (report.delta().isPresent()) {
                p.setDouble(11, report.delta().get().overall());
            } else {
                p.setNull(11, Types.REAL);
            }
            p.setInt(12, report.findings().size());
            p.setString(13, reportJson);
            p.setString(14, classHash);
            p.setInt(15, report.score().version());
            p.setString(16, report.score().band().label());
            clear.setString(1, repositoryOf(report));
            clear.setString(2, git.commit());
            clear.setString(3, report.contract().hash());
            inWriteTransaction(() -> {
                p.executeUpdate();
                clear.executeUpdate(); // the commit built this time
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<Stored> exact(String repository, String commit, String contractHash) {
        return query("SELECT * FROM reports WHERE repository = ? AND commit_id = ? AND contract_hash = ?", repository, commit, contractHash)
                .stream().findFirst();
    }

    @Override
    public Optional<Stored> byClassHash(String repository, String contractHash, String classHash) {
        if (classHash.isEmpty()) {
            return Optional.empty();
        }
        return query("SELECT * FROM reports WHERE repository = ? AND contract_hash = ? AND class_hash = ? ORDER BY recorded_at DESC LIMIT 1",
                repository, contractHash, classHash).stream().findFirst();
    }

    @Override
    public void recordFailure(BuildFailure f) {
        String sql = "INSERT INTO build_failures (repository, commit_id, contract_hash, commit_time, branch, kind, exit_code, command,"
                + " log_tail, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (repository, commit_id, contract_hash) DO UPDATE SET"
                + " commit_time = excluded.commit_time, branch = excluded.branch, kind = excluded.kind, exit_code = excluded.exit_code,"
                + " command = excluded.command, log_tail = excluded.log_tail, recorded_at = excluded.recorded_at";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            Object[] args = {f.repository(), f.commit(), f.contractHash(), f.commitTime(), f.branch(), f.kind(), f.exitCode(), f.command(),
                    f.logTail(), Instant.now().toString()};
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Map<String, BuildFailure> failures(String repository, String contractHash) {
        Map<String, BuildFailure> result = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM build_failures WHERE repository = ? AND contract_hash = ? ORDER BY commit_time")) {
            p.setString(1, repository);
            p.setString(2, contractHash);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString("commit_id"), new BuildFailure(rs.getString("repository"), rs.getString("commit_id"),
                            rs.getString("contract_hash"), rs.getString("commit_time"), rs.getString("branch"), rs.getString("kind"),
                            rs.getInt("exit_code"), rs.getString("command"), rs.getString("log_tail")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The repository a report belongs to in the store: git's repository id, or the contract's name outside git. */
    public static String repositoryOf(Report report) {
        return report.git().present() ? report.git().repository() : "no-git:" + report.contract().name();
    }

    /** For {@link #list}: the records made outside git, whatever their contract. */
    public static final String OUTSIDE_GIT = "no-git:%";

    @Override
    public Optional<Stored> firstOf(String repository, List<String> commits, String contractHash) {
        for (String commit : commits) {
            Optional<Stored> s = query("SELECT * FROM reports WHERE repository = ? AND commit_id = ?"
                    + " ORDER BY (contract_hash = ?) DESC, recorded_at DESC LIMIT 1", repository, commit, contractHash).stream().findFirst();
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Stored> latestOther(String repository, String commit) {
        return query("SELECT * FROM reports WHERE repository = ? AND commit_id <> ? ORDER BY recorded_at DESC LIMIT 1",
                repository, commit).stream().findFirst();
    }

    @Override
    public List<HistoryEntry> list(String repository, Query q) {
        // outside git every contract records under its own "no-git:<name>": OUTSIDE_GIT lists them all
        StringBuilder sql = new StringBuilder(repository.equals(OUTSIDE_GIT) ? "SELECT * FROM reports WHERE repository LIKE ?"
                : "SELECT * FROM reports WHERE repository = ?");
        List<Object> args = new ArrayList<>(List.of(repository));
        q.branch().ifPresent(b -> {
            sql.append(" AND branch = ?");
            args.add(b);
        });
        q.since().ifPresent(t -> {
            sql.append(" AND commit_time >= ?");
            args.add(t.toString());
        });
        sql.append(" ORDER BY commit_time DESC, recorded_at DESC LIMIT ").append(Math.max(1, q.limit()));
        return query(sql.toString(), args.toArray()).stream().map(Stored::entry).toList();
    }

    @Override
    public Optional<Stored> find(String repository, String commitPrefix) {
        List<Stored> found = query("SELECT * FROM reports WHERE repository = ? AND commit_id LIKE ? ORDER BY recorded_at DESC",
                repository, commitPrefix.replace("%", "").replace("_", "") + "%");
        long commits = found.stream().map(s -> s.entry().commit()).distinct().count();
        if (commits > 1) {
            throw new HistoryException("commit '" + commitPrefix + "' is ambiguous in " + where + ": " + commits + " recorded commits match", null);
        }
        return found.stream().findFirst();
    }

    private List<Stored> query(String sql, Object... args) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<Stored> result = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    double delta = rs.getDouble("delta");
                    Double d = rs.wasNull() ? null : delta;
                    result.add(new Stored(new HistoryEntry(rs.getString("repository"), rs.getString("commit_id"), rs.getString("branch"),
                            rs.getInt("detached") == 1, rs.getInt("dirty") == 1, rs.getString("commit_time"), rs.getString("recorded_at"),
                            rs.getString("contract_name"), rs.getString("contract_hash"), rs.getDouble("score"), d, rs.getInt("findings"),
                            rs.getInt("score_version") < 2 ? "v1" : rs.getString("band")),
                            rs.getString("report_json")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Every repository with a recorded report, by name. */
    public List<String> repositories() {
        List<String> result = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT DISTINCT repository FROM reports ORDER BY repository");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
            return result;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** What a copy did: rows written, and rows the target already had (kept as they were). */
    public record CopyResult(int reports, int failures, int reportsPresent, int failuresPresent) {
    }

    private static final List<String> REPORT_COLUMNS = List.of("repository", "commit_id", "contract_hash", "contract_name", "branch",
            "detached", "dirty", "commit_time", "recorded_at", "score", "delta", "findings", "report_json", "class_hash", "score_version", "band");
    private static final List<String> FAILURE_COLUMNS = List.of("repository", "commit_id", "contract_hash", "commit_time", "branch", "kind",
            "exit_code", "command", "log_tail", "recorded_at");

    /**
     * Copies every record of this store into {@code target} as it is (record times, deltas, scores and bands included),
     * in one transaction; a key the target already has is left alone, so copying twice copies nothing the second time.
     */
    public CopyResult copyTo(JdbcHistoryStore target) {
        int[] counts = new int[4];
        try {
            target.inWriteTransaction(() -> {
                int[] reports = copyTable("reports", REPORT_COLUMNS, target);
                int[] failures = copyTable("build_failures", FAILURE_COLUMNS, target);
                counts[0] = reports[0];
                counts[1] = failures[0];
                counts[2] = reports[1];
                counts[3] = failures[1];
            });
        } catch (SQLException e) {
            throw target.failure(e);
        }
        return new CopyResult(counts[0], counts[1], counts[2], counts[3]);
    }

    /** The rows of one table copied: {written, already there}. */
    private int[] copyTable(String table, List<String> columns, JdbcHistoryStore target) throws SQLException {
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ") ON CONFLICT (repository, commit_id, contract_hash) DO NOTHING";
        int written = 0;
        int present = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + String.join(", ", columns) + " FROM " + table);
             ResultSet rs = select.executeQuery();
             PreparedStatement into = target.connection.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = rs.getObject(i);
                    if (value == null) {
                        into.setNull(i, columns.get(i - 1).equals("delta") ? Types.DOUBLE : Types.VARCHAR);
                    } else if (value instanceof Number n && (columns.get(i - 1).equals("score") || columns.get(i - 1).equals("delta"))) {
                        into.setDouble(i, n.doubleValue());
                    } else if (value instanceof Number n) {
                        into.setInt(i, n.intValue());
                    } else {
                        into.setString(i, value.toString());
                    }
                }
                if (into.executeUpdate() == 1) {
                    written++;
                } else {
                    present++;
                }
            }
        }
        return new int[] {written, present};
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing was left open that matters
            }
        }
    }
}
