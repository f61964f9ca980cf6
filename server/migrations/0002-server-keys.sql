-- The server's signing keys. Kept in the database so every instance behind a load balancer signs with the same key.
-- The private key never leaves the server side.
CREATE TABLE server_keys (
  id          text PRIMARY KEY,
  alg         text NOT NULL CHECK (alg IN ('Ed25519', 'SM2-SM3')),
  public_key  text NOT NULL,
  private_key text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
-- At most one current key.
CREATE UNIQUE INDEX server_keys_one_current ON server_keys ((true)) WHERE retired_at IS NULL;
