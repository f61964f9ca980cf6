// Builds the real server app on a fresh, migrated test database (see test/support/postgres.ts).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { useTestDatabase, type TestDatabaseKind } from '../../support/postgres';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ServerHarness {
  readonly app: FastifyInstance;
  readonly pool: Pool;
  readonly url: string;
}

export function useServer(kind: TestDatabaseKind, overrides: { bodyLimit?: number; rateLimitMax?: number } = {}): ServerHarness {
  const database = useTestDatabase(kind);
  let app: FastifyInstance | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    app = await buildApp({
      pool,
      databaseKind: kind === 'embedded' ? 'embedded' : 'external',
      log: false,
      config: {
        bodyLimit: overrides.bodyLimit ?? 8 * 1024 * 1024,
        rateLimit: { max: overrides.rateLimitMax ?? 10_000, windowMs: 60_000 },
        adminToken: ADMIN_TOKEN,
        tls: undefined,
        logLevel: 'silent',
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });
  return {
    get app() {
      return app!;
    },
    get pool() {
      return pool!;
    },
    get url() {
      return database.url;
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };
