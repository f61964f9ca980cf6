-- The op log. server_seq is the pull cursor: assigned by the server, never by a PC clock.
CREATE TABLE ops (
  op_id          text PRIMARY KEY,
  server_seq     bigserial NOT NULL UNIQUE,
  entity         text NOT NULL,
  record_id      text NOT NULL,
  field          text NOT NULL,
  value          jsonb,
  hlc            text NOT NULL,
  base_hlc       text,
  device         text NOT NULL,
  operator       text NOT NULL,
  county         text NOT NULL,
  schema_version integer NOT NULL,
  source         jsonb,
  package_digest text REFERENCES packages (digest),
  received_at    timestamptz NOT NULL DEFAULT now()
);
-- Pull: a county's ops after a cursor (its own county, and '13' for province reference data).
CREATE INDEX ops_county_cursor ON ops (county, server_seq);
CREATE INDEX ops_record ON ops (entity, record_id, field);
CREATE TRIGGER ops_append_only BEFORE UPDATE OR DELETE ON ops
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Current state after merge. fields: { name: { value, hlc, opId, device, operator } }.
CREATE TABLE records (
  entity      text NOT NULL,
  record_id   text NOT NULL,
  county      text NOT NULL,
  fields      jsonb NOT NULL DEFAULT '{}',
  deleted     boolean NOT NULL DEFAULT false,
  last_seq    bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity, record_id)
);
CREATE INDEX records_county_entity ON records (county, entity) WHERE NOT deleted;

-- Concurrent edits of one field: the winner is in records, the losing value is kept here for review.
CREATE TABLE conflicts (
  id          bigserial PRIMARY KEY,
  entity      text NOT NULL,
  record_id   text NOT NULL,
  field       text NOT NULL,
  county      text NOT NULL,
  winner_op   text NOT NULL,
  loser_op    text NOT NULL,
  winner      jsonb NOT NULL,
  loser       jsonb NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolution_op text,
  UNIQUE (winner_op, loser_op)
);
CREATE INDEX conflicts_open ON conflicts (county, detected_at) WHERE resolved_at IS NULL;

-- Ops the server cannot apply yet (a field or schema version newer than it knows): kept, not dropped.
CREATE TABLE parked_ops (
  op_id       text PRIMARY KEY,
  reason      text NOT NULL,
  op          jsonb NOT NULL,
  county      text NOT NULL,
  parked_at   timestamptz NOT NULL DEFAULT now(),
  applied_at  timestamptz
);
