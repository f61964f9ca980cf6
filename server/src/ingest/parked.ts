// Ops for fields a server version did not know were parked (kept, not dropped: parked_ops and the op log). After an
// upgrade teaches the server those fields, reapplyParkedOps merges them into current state exactly like on arrival.
import { applyOps, type IsKnownField, type Op } from '@shared/change';
import { withTransaction, type Pool } from '../db/pool.js';
import { isKnownField as schemaKnowsField } from '@shared/domain';
import { INGEST_MERGE_LOCK, saveConflicts, saveParked } from './ingest.js';
import { loadState, saveRecords } from './state-store.js';

/** Applies the parked ops whose fields are now known; returns how many were applied (the rest stay parked). */
export async function reapplyParkedOps(pool: Pool, isKnownField: IsKnownField = schemaKnowsField): Promise<number> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_MERGE_LOCK]);
    const { rows } = await client.query<{ op: Op }>(
      'SELECT op FROM parked_ops WHERE applied_at IS NULL ORDER BY parked_at, op_id FOR UPDATE',
    );
    const ready = rows.map((r) => r.op).filter((op) => isKnownField(op.entity, op.field));
    if (ready.length === 0) return 0;
    const state = await loadState(client, ready);
    const merged = applyOps(state, ready, { isKnownField });
    const { rows: cursor } = await client.query<{ c: string | null }>('SELECT max(server_seq) AS c FROM ops');
    await saveRecords(client, merged.state, merged.changed, Number(cursor[0]?.c ?? 0));
    await saveConflicts(client, merged.conflicts);
    await saveParked(client, merged.parked);
    await client.query('UPDATE parked_ops SET applied_at = now() WHERE op_id = ANY($1::text[])', [
      ready.map((op) => op.opId),
    ]);
    return ready.length;
  });
}
