// Numbered SQL migrations (server/migrations/NNNN-name.sql), applied at start.
// All pending ones run in ONE transaction under an advisory lock, so several instances may start at once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from './pool.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Arbitrary constant shared by every LinkDesk server instance: "LDMIGRAT". */
const MIGRATION_LOCK_KEY = 0x4c444d49;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  /** Highest applied version; 0 on an empty database. */
  level: number;
  /** Highest version shipped with this server. */
  latest: number;
  pending: number[];
}

const FILE_PATTERN = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.sql$/;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`Migration file name "${file}" must look like 0007-short-name.sql`);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 1, 2, 3 … without gaps; found ${m.version} at position ${i + 1}.`);
  });
  return migrations;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies pending migrations; returns the versions applied by this call (empty when already up to date). */
export async function migrate(pool: Pool, migrations = loadMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const applied = new Map(rows.map((r) => [r.version, r]));
    const known = new Set(migrations.map((m) => m.version));
    for (const row of rows) {
      if (!known.has(row.version)) {
        throw new Error(
          `The database is at migration ${row.version} (${row.name}), newer than this server knows. Upgrade the server.`,
        );
      }
    }
    const done: number[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.version);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.version}-${m.name} was changed after it was applied. Add a new migration instead of editing an applied one.`,
          );
        }
        continue;
      }
      try {
        await client.query(m.sql);
      } catch (error) {
        throw new Error(`Migration ${m.version}-${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      done.push(m.version);
    }
    await client.query('COMMIT');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function migrationStatus(pool: Pool, migrations = loadMigrations()): Promise<MigrationStatus> {
  const latest = migrations.at(-1)?.version ?? 0;
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return { level: 0, latest, pending: migrations.map((m) => m.version) };
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  return {
    level: Math.max(0, ...applied),
    latest,
    pending: migrations.filter((m) => !applied.has(m.version)).map((m) => m.version),
  };
}
