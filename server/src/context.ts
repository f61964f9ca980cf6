// What every route module receives from buildApp (app.ts). Its own module, so the routes never import app.ts
// (which imports them): no import cycle.
import type { RateLimitConfig, ServerConfig } from './config.js';
import type { Pool } from './db/pool.js';
import type { ServerKeyring } from './keys/server-key.js';

/** The configuration buildApp needs: the parts of ServerConfig the HTTP layer reads. */
export type AppConfig = Pick<ServerConfig, 'bodyLimit' | 'adminToken' | 'tls' | 'logLevel'> & {
  /** max and windowMs; the other limits default to DEFAULT_LIMITS. */
  rateLimit: Pick<RateLimitConfig, 'max' | 'windowMs'> & Partial<RateLimitConfig>;
} & Partial<Pick<ServerConfig, 'updatesDir' | 'timeouts' | 'trustProxy'>>;

export interface AppContext {
  pool: Pool;
  config: AppConfig;
  keyring: ServerKeyring;
}
