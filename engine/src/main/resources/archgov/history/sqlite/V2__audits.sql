-- archgov history on SQLite, schema 2 (audits): the class set a report was computed from (reused for identical
-- sets), and failed builds. Never edit a shipped migration.
ALTER TABLE reports ADD COLUMN class_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_by_class_hash ON reports (repository, contract_hash, class_hash);
CREATE TABLE build_failures (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,
    commit_time TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL, exit_code INTEGER NOT NULL,
    command TEXT NOT NULL, log_tail TEXT NOT NULL, recorded_at TEXT NOT NULL,
    PRIMARY KEY (repository, commit_id, contract_hash));
