-- Signed-in editors. The cookie holds a random secret; only its SHA-256 is kept
-- here, so a copy of the database does not let anyone sign in. Sessions are not
-- catalogue data: they are deleted on logout and when they expire.
CREATE TABLE sessions (
    secret_hash TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES users (username),
    csrf        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE INDEX sessions_expiry ON sessions (expires_at);

-- API tokens for the write API. Created by admins, shown once, kept only as a
-- SHA-256 hash, revoked rather than deleted. A token acts as its account.
CREATE TABLE api_tokens (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    username    TEXT NOT NULL REFERENCES users (username),
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- The latest result of checking each link in the catalogue.
CREATE TABLE link_checks (
    url        TEXT    PRIMARY KEY,
    checked_at TEXT    NOT NULL,
    ok         BOOLEAN NOT NULL,
    status     INTEGER,
    error      TEXT
);
