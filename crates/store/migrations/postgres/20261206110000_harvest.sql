-- Bulk upkeep from an organisation's own file (issue 16): the address of
-- the file an organisation publishes with its grants, whether differences
-- are published directly or kept as proposals for review, and what the
-- last harvest found (with the validators for a conditional request).
CREATE TABLE organisation_feeds (
    actor_id       TEXT PRIMARY KEY,
    url            TEXT NOT NULL,
    direct         BOOLEAN NOT NULL,
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    checked_at     TEXT,
    status         TEXT,
    message        TEXT
);
