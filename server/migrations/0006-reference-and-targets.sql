-- Province reference lists (clusters, industries, commissioners …) arrive as ops with county '13';
-- this table records each import of such a list.
CREATE TABLE reference_imports (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('divisions', 'industries', 'clusters', 'commissioners', 'notices')),
  file_name   text NOT NULL,
  file_sha256 text NOT NULL,
  row_count   integer NOT NULL,
  op_count    integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by text NOT NULL
);

-- Configurable targets that progress is measured against, per scope and period.
CREATE TABLE targets (
  id         bigserial PRIMARY KEY,
  scope_kind text NOT NULL CHECK (scope_kind IN ('province', 'city', 'county', 'cluster')),
  scope_code text NOT NULL,
  metric     text NOT NULL,
  period     text NOT NULL,
  target     numeric NOT NULL CHECK (target >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope_kind, scope_code, metric, period)
);
