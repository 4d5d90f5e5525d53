-- The verification cycle (issue 16). An editor's e-mail address, for the
-- reminder sent before what their organisation keeps falls due for a check
-- (optional: without one, the dashboard is the only reminder); and which
-- entries each editor was reminded of for which due date, so that each is
-- named in one message only.
ALTER TABLE users ADD COLUMN email TEXT;
CREATE TABLE verify_reminders (
    username   TEXT NOT NULL REFERENCES users (username),
    kind       TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    verify_by  TEXT NOT NULL,
    sent_on    TEXT NOT NULL,
    PRIMARY KEY (username, kind, entry_id, verify_by)
);
