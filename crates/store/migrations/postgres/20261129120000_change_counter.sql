-- A counter that every write transaction raises in the same transaction, so
-- that other instances see every commit, in commit order. (The newest
-- revision id is not enough: ids are taken before commit, so a commit with a
-- lower id can land after one with a higher id and never be noticed.)
CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO change_counter (id, value) SELECT 1, COALESCE(MAX(id), 0) FROM revisions;
