-- The quarantine is bounded: raw bytes only for a refused package that verified with an enrolled device's key
-- (`authenticated`); for everything else the SHA-256, size, first KiB (`head`), time and source address.
-- Old rows keep their raw bytes and count as authenticated (they predate the rule). Retention: rows may be
-- deleted by age (`admin quarantine prune --older-than DAYS`); the evidence in a kept row never changes.
ALTER TABLE quarantine ALTER COLUMN raw DROP NOT NULL;
ALTER TABLE quarantine ADD COLUMN sha256 text;
ALTER TABLE quarantine ADD COLUMN size bigint;
ALTER TABLE quarantine ADD COLUMN head bytea;
ALTER TABLE quarantine ADD COLUMN authenticated boolean NOT NULL DEFAULT true;
ALTER TABLE quarantine ADD COLUMN source_address text;

ALTER TABLE quarantine DISABLE TRIGGER quarantine_append_only;
UPDATE quarantine
   SET sha256 = encode(sha256(raw), 'hex'), size = octet_length(raw), head = substring(raw FROM 1 FOR 1024);
ALTER TABLE quarantine ENABLE TRIGGER quarantine_append_only;

ALTER TABLE quarantine ALTER COLUMN sha256 SET NOT NULL;
ALTER TABLE quarantine ALTER COLUMN size SET NOT NULL;
ALTER TABLE quarantine ALTER COLUMN head SET NOT NULL;
ALTER TABLE quarantine ALTER COLUMN authenticated DROP DEFAULT;
ALTER TABLE quarantine ADD CONSTRAINT quarantine_bounded
  CHECK (octet_length(head) <= 1024 AND (raw IS NULL OR authenticated));
CREATE INDEX quarantine_unauthenticated ON quarantine (received_at) WHERE NOT authenticated;
CREATE INDEX quarantine_received ON quarantine (received_at);

-- Evidence is immutable, rows are deletable by age: UPDATE of any column below is refused; DELETE is allowed
-- (the retention rule). Columns added later (a review status) may change.
DROP TRIGGER quarantine_append_only ON quarantine;
CREATE FUNCTION quarantine_evidence_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.raw, NEW.reason, NEW.detail, NEW.device, NEW.seq, NEW.digest, NEW.received_at, NEW.source,
      NEW.sha256, NEW.size, NEW.head, NEW.authenticated, NEW.source_address)
     IS DISTINCT FROM
     (OLD.id, OLD.raw, OLD.reason, OLD.detail, OLD.device, OLD.seq, OLD.digest, OLD.received_at, OLD.source,
      OLD.sha256, OLD.size, OLD.head, OLD.authenticated, OLD.source_address) THEN
    RAISE EXCEPTION 'quarantine evidence is immutable: UPDATE refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER quarantine_evidence_fixed BEFORE UPDATE ON quarantine
  FOR EACH ROW EXECUTE FUNCTION quarantine_evidence_fixed();
