-- Pull requests seen, per device: a signed pull request carries no timestamp (a PC clock a day off must still
-- pull), so a replay is recognised by its requestId. Rows older than the retention are pruned by age.
CREATE TABLE pull_requests (
  device      text NOT NULL,
  request_id  text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device, request_id)
);
CREATE INDEX pull_requests_age ON pull_requests (received_at);
