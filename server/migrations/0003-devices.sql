CREATE TABLE devices (
  id            text PRIMARY KEY,
  county        text NOT NULL CHECK (county ~ '^[0-9]{2,6}$'),
  public_key    text NOT NULL,
  alg           text NOT NULL CHECK (alg IN ('Ed25519', 'SM2-SM3')),
  operator      text,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  cert_serial   text NOT NULL UNIQUE,
  enrolled_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoke_reason text,
  -- Hash chain head: the last accepted package sequence and its digest.
  last_seq      bigint NOT NULL DEFAULT 0,
  last_digest   text,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE INDEX devices_county ON devices (county);

-- One-time enrolment codes; only a hash of the code is stored.
CREATE TABLE enrol_codes (
  code_hash  text PRIMARY KEY,
  county     text NOT NULL CHECK (county ~ '^[0-9]{2,6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  used_by    text REFERENCES devices (id),
  CHECK ((used_at IS NULL) = (used_by IS NULL))
);

-- Every certificate ever issued (enrolment, offline approval, rotation), for audit and for verifying old packages.
CREATE TABLE device_certificates (
  serial      text PRIMARY KEY,
  device      text NOT NULL REFERENCES devices (id),
  county      text NOT NULL,
  public_key  text NOT NULL,
  alg         text NOT NULL,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  issuer_key  text NOT NULL REFERENCES server_keys (id),
  via         text NOT NULL CHECK (via IN ('online', 'offline', 'rotation')),
  certificate jsonb NOT NULL
);
CREATE INDEX device_certificates_device ON device_certificates (device, issued_at);
CREATE TRIGGER device_certificates_append_only BEFORE UPDATE OR DELETE ON device_certificates
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
