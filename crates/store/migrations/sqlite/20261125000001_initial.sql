-- Every entry, whatever its kind, as its dataset JSON. Entries are retired, never deleted.
CREATE TABLE entries (
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    retired    BOOLEAN NOT NULL DEFAULT FALSE,
    data       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Every change to an entry: who, when, why, and the data before and after.
CREATE TABLE revisions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT    NOT NULL,
    entry_id TEXT    NOT NULL,
    version  INTEGER NOT NULL,
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
