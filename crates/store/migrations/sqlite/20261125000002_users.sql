-- Editors' accounts. Passwords are stored only as Argon2id PHC strings.
-- Accounts are disabled, never deleted, so that revisions keep naming their author.
CREATE TABLE users (
    username      TEXT    PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash TEXT    NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
