-- "Rapportera fel" (issue 16): what the public reports wrong with an entry.
-- Only what was asked is kept: the entry, what is wrong, optionally a source
-- link and an address for an answer. The address is deleted when the report
-- is closed (after the answer is written to the outbox).
CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    -- The actor whose editors answer it (a grant's provider, the actor
    -- itself, an initiative's first participant); NULL for the service's.
    owner       TEXT,
    what        TEXT NOT NULL,
    source_url  TEXT,
    email       TEXT,
    -- SHA-256 of the address, kept after the address is deleted, only to
    -- count reports per address for the daily limit.
    email_key   TEXT,
    lang        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- 'open', 'fixed' or 'not-a-problem'.
    status      TEXT NOT NULL,
    closed_by   TEXT,
    closed_at   TEXT,
    reply       TEXT
);
CREATE INDEX reports_open ON reports (status, owner);
CREATE INDEX reports_email_key ON reports (email_key, created_at);
