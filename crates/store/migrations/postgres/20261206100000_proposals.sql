-- Review, four eyes (issue 16). Where review is on (site-wide, scope '*',
-- or for an organisation, scope = its actor id), an editor's change is
-- kept here as a proposal: the public sees the published entry until
-- another person approves it. `before_data` is the entry as the proposal
-- was made from (NULL for a new entry), `after_data` what it proposes
-- (NULL to retire it); `base_version` the version it was made from, so
-- that approval rebases onto a newer version or reports a conflict, never
-- overwriting it silently. Decided proposals stay, as the record of who
-- approved or rejected what and why.
CREATE TABLE proposals (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    entry_id      TEXT NOT NULL,
    base_version  BIGINT,
    before_data   TEXT,
    after_data    TEXT,
    author        TEXT NOT NULL,
    comment       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    reason        TEXT
);
CREATE INDEX proposals_status ON proposals (status, created_at);
CREATE INDEX proposals_entry ON proposals (kind, entry_id, status);
CREATE TABLE proposal_comments (
    id           TEXT PRIMARY KEY,
    proposal_id  TEXT NOT NULL REFERENCES proposals (id),
    author       TEXT NOT NULL,
    at           TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX proposal_comments_of ON proposal_comments (proposal_id, at);
CREATE TABLE review_settings (
    scope     TEXT PRIMARY KEY,
    required  BOOLEAN NOT NULL
);
