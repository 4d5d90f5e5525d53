-- Organisation accounts (issue 16): an account may belong to one or more
-- actors (an agency, SKR, a foundation). An editor who belongs to any is an
-- organisation's editor and may change only what those actors own; one who
-- belongs to none is one of the service's own editors, as before. The last
-- membership of an account cannot be removed (that would widen its rights):
-- disable the account instead.
CREATE TABLE memberships (
    username   TEXT NOT NULL REFERENCES users (username),
    actor_id   TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (username, actor_id)
);
CREATE INDEX memberships_actor ON memberships (actor_id);
