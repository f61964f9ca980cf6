// Opens the server's database: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR/pg.
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { EMBEDDED_USER, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded.js';
import { createPool, withDatabase, type Pool } from './pool.js';

export type DatabaseKind = 'embedded' | 'external';

export interface Database {
  kind: DatabaseKind;
  pool: Pool;
  /** The embedded cluster this process started and supervises (undefined for DATABASE_URL or an attached one). */
  embedded?: EmbeddedPostgresHandle;
  close(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'linkdesk';

export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  onLog?: (line: string) => void;
  /** Test clusters: deleted on close, no fsync. */
  throwaway?: boolean;
}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl);
    await checkReachable(pool, 'DATABASE_URL');
    return { kind: 'external', pool, close: () => pool.end() };
  }
  const runningUrl = await attachToRunningCluster(options.dataDir);
  if (runningUrl) {
    await ensureDatabase(runningUrl, EMBEDDED_DB_NAME);
    const pool = createPool(withDatabase(runningUrl, EMBEDDED_DB_NAME));
    return { kind: 'embedded', pool, close: () => pool.end() };
  }
  // Supervised: if the postmaster dies, it is started again and the pool reconnects (see embedded.ts).
  const embedded = await startEmbeddedPostgres({
    baseDir: options.dataDir,
    onLog: options.onLog,
    throwaway: options.throwaway,
    supervise: true,
  });
  try {
    await ensureDatabase(embedded.url, EMBEDDED_DB_NAME);
    const pool = createPool(withDatabase(embedded.url, EMBEDDED_DB_NAME));
    return {
      kind: 'embedded',
      pool,
      embedded,
      async close() {
        await pool.end();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const admin = createPool(url, 1);
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      // Two processes may race here; the loser's duplicate_database error is harmless.
      await admin.query(`CREATE DATABASE ${name}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

async function checkReachable(pool: Pool, what: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new Error(
      `PostgreSQL at ${what} is not reachable: ${(error as Error).message}. Check the URL, the password and that the server runs.`,
      { cause: error },
    );
  }
}

/**
 * When the server already runs the embedded cluster in this DATA_DIR (postmaster.pid present and the port answers),
 * the admin CLI attaches to it instead of starting a second postmaster on the same files.
 */
async function attachToRunningCluster(dataDir: string): Promise<string | undefined> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const password = readFileSync(passwordFile, 'utf8').trim();
  const url = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const probe = createPool(url, 1);
  try {
    await probe.query('SELECT 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await probe.end();
  }
}
