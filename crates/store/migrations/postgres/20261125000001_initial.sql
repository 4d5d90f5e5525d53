-- Every entry, whatever its kind, as its dataset JSON. Entries are retired, never deleted.
-- JSON and timestamps are kept as text, exactly as in the SQLite schema, so that
-- both backends store and return byte-identical data.
CREATE TABLE entries (
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    BIGINT  NOT NULL CHECK (version >= 1),
    retired    BOOLEAN NOT NULL DEFAULT FALSE,
    data       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Every change to an entry: who, when, why, and the data before and after.
CREATE TABLE revisions (
    id       BIGSERIAL PRIMARY KEY,
    kind     TEXT    NOT NULL,
    entry_id TEXT    NOT NULL,
    version  BIGINT  NOT NULL,
    action   TEXT    NOT NULL CHECK (action IN ('create', 'update', 'retire', 'restore')),
    author   TEXT    NOT NULL,
    comment  TEXT    NOT NULL DEFAULT '',
    at       TEXT    NOT NULL,
    before   TEXT,
    after    TEXT    NOT NULL,
    retired  BOOLEAN NOT NULL,
    UNIQUE (kind, entry_id, version)
);

CREATE INDEX revisions_entry ON revisions (kind, entry_id);
