-- archgov history on PostgreSQL: the same tables as the embedded SQLite store (its schema 3), keyed by
-- (repository, commit, contract hash). Migrations are Flyway's (table archgov_schema_history); never edit a shipped one.
CREATE TABLE reports (
    repository    TEXT NOT NULL,
    commit_id     TEXT NOT NULL,
    contract_hash TEXT NOT NULL,
    contract_name TEXT NOT NULL,
    branch        TEXT NOT NULL,
    detached      INTEGER NOT NULL,
    dirty         INTEGER NOT NULL,
    commit_time   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    delta         DOUBLE PRECISION,
    findings      INTEGER NOT NULL,
    report_json   TEXT NOT NULL,
    class_hash    TEXT NOT NULL DEFAULT '',
    score_version INTEGER NOT NULL DEFAULT 2,
    band          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (repository, commit_id, contract_hash)
);
CREATE INDEX reports_by_time ON reports (repository, branch, commit_time);
CREATE INDEX reports_by_class_hash ON reports (repository, contract_hash, class_hash);
CREATE INDEX reports_by_record_time ON reports (repository, recorded_at);

CREATE TABLE build_failures (
    repository    TEXT NOT NULL,
    commit_id     TEXT NOT NULL,
    contract_hash TEXT NOT NULL,
    commit_time   TEXT NOT NULL,
    branch        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    exit_code     INTEGER NOT NULL,
    command       TEXT NOT NULL,
    log_tail      TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (repository, commit_id, contract_hash)
);
