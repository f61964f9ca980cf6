// Retention of the quarantine: the province deletes records older than its chosen age (the evidence in a kept record
// never changes, migration 0010). `admin quarantine-prune --older-than DAYS` runs it; a cron job can too.
import type { Pool } from '../db/pool.js';

/** Below this a prune would erase what a reviewer may still be looking at. */
export const MIN_RETENTION_DAYS = 7;

export interface PruneResult {
  deleted: number;
  olderThanDays: number;
  before: string;
}

export async function pruneQuarantine(pool: Pool, olderThanDays: number): Promise<PruneResult> {
  if (!Number.isInteger(olderThanDays) || olderThanDays < MIN_RETENTION_DAYS)
    throw new RangeError(`--older-than must be a whole number of days ≥ ${MIN_RETENTION_DAYS}`);
  const { rows } = await pool.query<{ deleted: number; before: Date }>(
    `WITH cut AS (SELECT now() - make_interval(days => $1) AS before),
          gone AS (DELETE FROM quarantine WHERE received_at < (SELECT before FROM cut) RETURNING 1)
     SELECT (SELECT count(*)::int FROM gone) AS deleted, (SELECT before FROM cut) AS before`,
    [olderThanDays],
  );
  return { deleted: rows[0]!.deleted, olderThanDays, before: rows[0]!.before.toISOString() };
}
