// What every route module receives from buildApp (app.ts). Its own module, so the routes never import app.ts
// (which imports them): no import cycle.
import type { ServerConfig } from './config.js';
import type { Pool } from './db/pool.js';
import type { ServerKeyring } from './keys/server-key.js';

/** The configuration buildApp needs: the parts of ServerConfig the HTTP layer reads. */
export type AppConfig = Pick<ServerConfig, 'bodyLimit' | 'rateLimit' | 'adminToken' | 'tls' | 'logLevel'> &
  Partial<Pick<ServerConfig, 'updatesDir'>>;

export interface AppContext {
  pool: Pool;
  config: AppConfig;
  keyring: ServerKeyring;
}
