-- Raw archive of every accepted package, append-only, for audit.
CREATE TABLE packages (
  digest      text PRIMARY KEY,
  device      text NOT NULL REFERENCES devices (id),
  seq         bigint NOT NULL CHECK (seq > 0),
  prev_digest text,
  bytes       bytea NOT NULL,
  op_count    integer NOT NULL DEFAULT 0,
  received_at timestamptz NOT NULL DEFAULT now(),
  via         text NOT NULL CHECK (via IN ('http', 'file')),
  UNIQUE (device, seq)
);
CREATE TRIGGER packages_append_only BEFORE UPDATE OR DELETE ON packages
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The signed receipt for each accepted package; a duplicate upload is answered with the same one.
CREATE TABLE receipts (
  package_digest text PRIMARY KEY REFERENCES packages (digest),
  device         text NOT NULL,
  seq            bigint NOT NULL,
  body           jsonb NOT NULL,
  signature      text NOT NULL,
  server_key     text NOT NULL REFERENCES server_keys (id),
  issued_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Rejected input, kept byte for byte with its reason code for review. Nothing of it was applied.
CREATE TABLE quarantine (
  id          bigserial PRIMARY KEY,
  raw         bytea NOT NULL,
  reason      text NOT NULL,
  detail      text,
  device      text,
  seq         bigint,
  digest      text,
  received_at timestamptz NOT NULL DEFAULT now(),
  source      text NOT NULL CHECK (source IN ('http', 'file'))
);
CREATE INDEX quarantine_reason ON quarantine (reason, received_at);
CREATE TRIGGER quarantine_append_only BEFORE UPDATE OR DELETE ON quarantine
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Raised for people to look at: forks (same seq, different digest) and the like.
CREATE TABLE alerts (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL,
  device          text,
  seq             bigint,
  detail          jsonb NOT NULL DEFAULT '{}',
  raised_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz
);
CREATE INDEX alerts_open ON alerts (raised_at) WHERE acknowledged_at IS NULL;
