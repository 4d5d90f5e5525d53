-- A random name for this database, made once. A search index kept on disk
-- records it, so that it is never taken for another database's index.
CREATE TABLE installation (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL
);
INSERT INTO installation (id, name) VALUES (1, lower(hex(randomblob(16))));
