-- The province's review of a quarantined package (`admin quarantine release|reject`): released (re-ingested once
-- the cause was fixed) or rejected (closed). The evidence columns stay immutable (migration 0010); only these change.
ALTER TABLE quarantine ADD COLUMN outcome text CHECK (outcome IN ('released', 'rejected'));
ALTER TABLE quarantine ADD COLUMN outcome_at timestamptz;
ALTER TABLE quarantine ADD COLUMN outcome_note text;
ALTER TABLE quarantine ADD CONSTRAINT quarantine_outcome_dated CHECK ((outcome IS NULL) = (outcome_at IS NULL));
CREATE INDEX quarantine_open ON quarantine (device, id) WHERE outcome IS NULL;
