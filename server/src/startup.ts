// What the server does to its database before it takes requests: pending migrations, then the ops parked for
// fields an older server version did not know (an upgrade that adds a field makes its parked values land now).
// Both steps are idempotent, so every start (and every instance of several) may run them.
import type { IsKnownField } from '@shared/change';
import { migrate } from './db/migrate.js';
import type { Pool } from './db/pool.js';
import { reapplyParkedOps } from './ingest/parked.js';

export interface StartupLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface PreparedDatabase {
  /** Migration versions applied by this start. */
  applied: number[];
  /** Parked ops merged into current state by this start. */
  reappliedParked: number;
  /** Parked ops this server still does not know the field of (kept for a later version). */
  stillParked: number;
}

export async function prepareDatabase(
  pool: Pool,
  log: StartupLogger,
  options: { isKnownField?: IsKnownField } = {},
): Promise<PreparedDatabase> {
  const applied = await migrate(pool);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const reappliedParked = await reapplyParkedOps(pool, options.isKnownField);
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM parked_ops WHERE applied_at IS NULL',
  );
  const stillParked = rows[0]?.n ?? 0;
  log.info(
    { reappliedParked, stillParked },
    reappliedParked > 0 ? 'parked ops re-applied: their fields are known now' : 'no parked ops to re-apply',
  );
  return { applied, reappliedParked, stillParked };
}
