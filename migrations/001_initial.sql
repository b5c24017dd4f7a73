-- Shortlist schema v1: the tables the whole API needs (see docs/api.md).
-- Timestamps are ISO-8601 UTC text with milliseconds; JSON columns hold text the Service encodes.

CREATE TABLE pools (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    metadata    TEXT,
    created_at  TEXT NOT NULL
);

-- id is the insertion order: an item's index is its 0-based position among its pool's items by id.
-- AUTOINCREMENT so that ids are never reused: a deleted then re-added item goes to the end.
CREATE TABLE items (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    ext_id   TEXT NOT NULL,
    question TEXT,
    answer   TEXT,
    text     TEXT,
    metadata TEXT,
    UNIQUE (pool_id, ext_id)
);
-- Index order within a pool (pool_id, id): counts and pages by position.
CREATE INDEX items_by_pool ON items(pool_id);

CREATE TABLE features (
    id         INTEGER PRIMARY KEY,
    pool_id    INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    embedder   TEXT,
    model      TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (pool_id, name)
);

-- Creation order = id.
CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    dim        INTEGER NOT NULL CHECK (dim > 0),
    weight     REAL NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (feature_id, label)
);

-- vector: dim float32 values, little-endian, dim*4 bytes.
-- Reading by (checkpoint_id, item_id) is index order, because item ids grow with insertion.
CREATE TABLE feature_rows (
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
    item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    vector        BLOB NOT NULL,
    PRIMARY KEY (checkpoint_id, item_id)
);
-- Lets deleting an item cascade to its rows without scanning every row.
CREATE INDEX feature_rows_by_item ON feature_rows(item_id);

-- seq orders jobs: newest first for listing, FIFO for claiming.
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('selection', 'embed')),
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

-- key: sha256 hex of what was asked (kind + model + input); value: the provider's answer.
CREATE TABLE provider_cache (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
);
