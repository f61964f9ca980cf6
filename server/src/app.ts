// The Fastify application: used by main.ts and, with a real PostgreSQL, by the integration tests.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { AppConfig, AppContext } from './context.js';
import type { DatabaseKind } from './db/database.js';
import type { Pool } from './db/pool.js';
import { errors, installErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { enrolRoutes } from './enrol/routes.js';
import { ingestRoutes } from './ingest/routes.js';
import { pullRoutes } from './pull/routes.js';
import { ServerKeyring } from './keys/server-key.js';
import { statsRoutes } from './stats/routes.js';
import { updateRoutes } from './updates/routes.js';

export interface AppOptions {
  pool: Pool;
  databaseKind: DatabaseKind;
  config: AppConfig;
  /** false silences the log (tests); default writes pino JSON lines to stdout. */
  log?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const fastifyOptions: FastifyServerOptions & { https?: { cert: string; key: string } } = {
    logger: options.log === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    ...(config.tls ? { https: config.tls } : {}),
  };
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance;
  installErrorHandling(app, config.bodyLimit);
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    errorResponseBuilder: () => Object.assign(errors.rateLimited(), { statusCode: 429 }),
  });
  const context: AppContext = { pool: options.pool, config, keyring: new ServerKeyring(options.pool) };
  healthRoutes(app, options.pool, options.databaseKind);
  enrolRoutes(app, context);
  ingestRoutes(app, context);
  pullRoutes(app, context);
  statsRoutes(app, context);
  // Load the signing key before serving: loaded lazily inside an ingest transaction, it would wait for a pool
  // connection while concurrent ingests hold every connection waiting on the merge lock (a deadlock under load).
  app.addHook('onReady', async () => {
    await context.keyring.current();
  });
  if (config.updatesDir) updateRoutes(app, config.updatesDir);
  return app;
}
