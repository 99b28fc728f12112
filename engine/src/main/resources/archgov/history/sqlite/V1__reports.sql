-- archgov history on SQLite, schema 1: reports keyed by (repository, commit, contract hash). Migrations are Flyway's
-- (table archgov_schema_history); a store made before Flyway is baselined at the version its schema_version table
-- names. Never edit a shipped migration.
CREATE TABLE reports (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,
    contract_name TEXT NOT NULL, branch TEXT NOT NULL, detached INTEGER NOT NULL, dirty INTEGER NOT NULL,
    commit_time TEXT NOT NULL, recorded_at TEXT NOT NULL, score REAL NOT NULL, delta REAL, findings INTEGER NOT NULL,
    report_json TEXT NOT NULL, PRIMARY KEY (repository, commit_id, contract_hash));
CREATE INDEX reports_by_time ON reports (repository, branch, commit_time);
-- the version an archgov from before Flyway reads, so it refuses a store newer than it understands (kept in step
-- after every migration)
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
