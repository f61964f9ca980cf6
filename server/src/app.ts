// The Fastify application: used by main.ts and, with a real PostgreSQL, by the integration tests.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS } from './config.js';
import type { AppConfig, AppContext } from './context.js';
import type { DatabaseKind } from './db/database.js';
import type { Pool } from './db/pool.js';
import { errors, frameworkErrors, installErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { installInputGuard } from './http/input-guard.js';
import { installEnrolLimits } from './http/limits.js';
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
  const timeouts = config.timeouts ?? DEFAULT_TIMEOUTS;
  // Node's own bounds on a socket: headers and the whole request must arrive in time (checked every second, so a
  // slow body is cut off close to the limit, not up to 30 s later).
  const nodeServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
  };
  const fastifyOptions: FastifyServerOptions & { https?: object; http?: object } = {
    logger: options.log === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // X-Forwarded-For is believed only from the configured proxies (TRUST_PROXY); otherwise any client could pick
    // its own address per request and walk past every per-IP limit.
    trustProxy: config.trustProxy && config.trustProxy.length > 0 ? config.trustProxy : false,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    frameworkErrors,
    ...(config.tls ? { https: { ...config.tls, ...nodeServerOptions } } : { http: nodeServerOptions }),
  };
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance;
  app.server.maxConnections = timeouts.maxConnections;
  installErrorHandling(app, config.bodyLimit);
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    errorResponseBuilder: () => Object.assign(errors.rateLimited(), { statusCode: 429 }),
  });
  installInputGuard(app);
  installEnrolLimits(app, {
    max: config.rateLimit.enrolMax ?? DEFAULT_LIMITS.enrolMax,
    windowMs: config.rateLimit.windowMs,
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
  if (config.updatesDir)
    updateRoutes(app, config.updatesDir, {
      max: config.rateLimit.updatesMax ?? DEFAULT_LIMITS.updatesMax,
      windowMs: config.rateLimit.windowMs,
    });
  return app;
}
