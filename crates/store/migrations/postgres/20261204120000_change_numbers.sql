-- The change (the change counter's value after it) each revision was written
-- in, so that an instance can read what changed since the catalogue it serves
-- and apply only that. Revisions written before this migration have none: an
-- instance that is that far behind loads everything again.
ALTER TABLE revisions ADD COLUMN change_no BIGINT;
CREATE INDEX revisions_change_no ON revisions (change_no);
