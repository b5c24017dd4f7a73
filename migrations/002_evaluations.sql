-- Evaluation jobs (kind 'evaluation'): the jobs table's kind CHECK gains the kind, and two tables
-- hold what an evaluation asks and what it found. SQLite cannot alter a CHECK constraint, so jobs is
-- rebuilt; job_results (which references it) is parked in a plain copy meanwhile, because with
-- foreign keys on, dropping jobs would cascade-delete its rows.

CREATE TABLE jobs_v2 (
    id               TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('selection', 'embed', 'evaluation')),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    request          TEXT NOT NULL,
    progress_stage   TEXT,
    progress_done    INTEGER NOT NULL DEFAULT 0,
    progress_total   INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    last_progress_at TEXT,
    error            TEXT,
    diagnostics      TEXT,
    warnings         TEXT
);
INSERT INTO jobs_v2 SELECT id, seq, kind, status, request, progress_stage, progress_done, progress_total, created_at,
    started_at, finished_at, last_progress_at, error, diagnostics, warnings FROM jobs;
CREATE TABLE job_results_parked AS SELECT job_id, rank, item_id, item_index, score, weight, picked_by FROM job_results;
DROP TABLE job_results;
DROP TABLE jobs;
ALTER TABLE jobs_v2 RENAME TO jobs;
CREATE INDEX jobs_by_status ON jobs(status, seq);

CREATE TABLE job_results (
    job_id     TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    rank       INTEGER NOT NULL,
    item_id    TEXT NOT NULL,
    item_index INTEGER NOT NULL,
    score      REAL,
    weight     REAL,
    picked_by  INTEGER,
    PRIMARY KEY (job_id, rank)
) WITHOUT ROWID;
INSERT INTO job_results SELECT job_id, rank, item_id, item_index, score, weight, picked_by FROM job_results_parked;
DROP TABLE job_results_parked;

-- The labelled queries of an evaluation, fixed when it is created (after any seeded sample), so a
-- restart or a later edit of the query pool cannot change what is evaluated. query_index is the
-- 0-based position in the evaluated order; ext_id is the pool item's id or "q<n>" for inline queries.
CREATE TABLE evaluation_queries (
    job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    query_index INTEGER NOT NULL,
    ext_id      TEXT NOT NULL,
    question    TEXT NOT NULL,
    gold        TEXT NOT NULL,
    PRIMARY KEY (job_id, query_index)
) WITHOUT ROWID;

-- One row per finished (query, arm) pair, written as it finishes: a restarted job skips the pairs
-- it finds here. pos = query_index * arm_count + arm_index (the export order and its page key).
-- status 'ok' rows carry the answer and its score; 'error' rows the upstream failure.
CREATE TABLE evaluation_pairs (
    job_id            TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    pos               INTEGER NOT NULL,
    query_index       INTEGER NOT NULL,
    arm_index         INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    exemplar_ids      TEXT NOT NULL,
    answer            TEXT,
    value             TEXT,
    correct           INTEGER,
    latency_ms        REAL,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    cache             TEXT,
    error             TEXT,
    PRIMARY KEY (job_id, pos)
) WITHOUT ROWID;
