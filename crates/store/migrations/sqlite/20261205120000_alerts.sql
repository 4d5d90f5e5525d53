-- Bevakningar (issue 15): e-mail alerts without an account. Only what is
-- needed is kept: the address, the filter, the language, what to receive,
-- the hash of a pending confirmation secret, and what was sent. Deleting a
-- subscription deletes its messages; an address with no subscription left
-- is kept nowhere (see docs/ALERTS.md).
CREATE TABLE alert_subscriptions (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL,
    lang           TEXT NOT NULL,
    -- The grant finder's query string, normalised (its filters, no page).
    filter         TEXT NOT NULL,
    -- 'none', 'daily' or 'weekly'.
    digest         TEXT NOT NULL,
    -- Days before a deadline to remind, comma-separated, largest first ('14,3').
    reminder_days  TEXT NOT NULL,
    -- SHA-256 of the confirmation secret, until the subscription is confirmed.
    confirm_hash   TEXT UNIQUE,
    confirm_by     TEXT,
    created_at     TEXT NOT NULL,
    confirmed_at   TEXT,
    -- The change marker the last digest covered, and the last period
    -- (a date or an ISO week) a digest was planned for.
    digest_marker  BIGINT,
    digest_period  TEXT,
    -- The last day (Europe/Stockholm) whose reminders were planned.
    reminded_through TEXT
);
CREATE INDEX alert_subscriptions_email ON alert_subscriptions (email);

-- Every message to send, durable before it is sent. `dedupe` names what the
-- message is (a reminder of one deadline for one subscription, one period's
-- digest), so planning the same thing twice, by any instance, adds nothing.
CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe          TEXT NOT NULL UNIQUE,
    subscription_id TEXT REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    -- 'confirm', 'digest', 'reminder' or 'manage'.
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    -- The whole RFC 5322 message, as it is sent; emptied once it is sent or
    -- given up on, since it holds working links (a confirmation secret,
    -- signed management and stop links).
    message         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- 'pending', 'sent' or 'failed'.
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    TEXT NOT NULL,
    -- A sender holds the message until then; another takes it over after.
    -- `claim` is the holder's random token: only the holder marks the result.
    claimed_until   TEXT,
    claim           TEXT,
    sent_at         TEXT,
    error           TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (status, next_attempt);
CREATE INDEX alert_outbox_recipient ON alert_outbox (recipient);

-- The key that signs the links to manage or leave a subscription: made
-- once, from the operating system's randomness, by the first instance that
-- needs it, and shared by every instance.
CREATE TABLE alert_key (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL
);
