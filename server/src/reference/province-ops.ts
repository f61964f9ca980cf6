// Changes the province makes on the server (reference imports) become ordinary ops, merged through the very path
// the ingest uses (same advisory lock, shared merge, op log, current state, conflict log), so devices pull them
// like any other change.
import {
  applyOps,
  createClock,
  makeFieldOps,
  makeTombstone,
  randomNodeId,
  type EntityName,
  type Hlc,
  type JsonValue,
  type Op,
  type OpSource,
} from '@shared/change';
import { isKnownField, SCHEMA_VERSION } from '@shared/domain';
import type { PoolClient } from '../db/pool.js';
import { INGEST_MERGE_LOCK, saveConflicts, saveParked } from '../ingest/ingest.js';
import { appendOps, loadState, saveRecords } from '../ingest/state-store.js';

/** The `device` of ops the province makes on the server. */
export const PROVINCE_DEVICE = 'province';

export interface ProvinceEdit {
  entity: EntityName;
  recordId: string;
  county: string;
  /** Field → new value. */
  changes: Record<string, JsonValue>;
  /** HLC of each changed field's current value (null: never set; the whole map null: a new record). */
  base: Record<string, Hlc | null> | null;
  /** Set when the record exists but is deleted: the `_deleted` HLC to restore it over. */
  restoreOver?: Hlc | null;
  source: OpSource;
}

/** One op per changed field; the clock first takes in every base so each op is later than what it overwrites. */
export function provinceOps(edits: readonly ProvinceEdit[], operator: string): Op[] {
  const clock = createClock(randomNodeId());
  const ops: Op[] = [];
  for (const e of edits) {
    const ctx = {
      clock,
      device: PROVINCE_DEVICE,
      operator,
      county: e.county,
      schemaVersion: SCHEMA_VERSION,
      source: e.source,
    };
    if (e.restoreOver !== undefined)
      ops.push(makeTombstone({ ...ctx, entity: e.entity, recordId: e.recordId, base: e.restoreOver, deleted: false }));
    if (Object.keys(e.changes).length > 0)
      ops.push(...makeFieldOps({ ...ctx, entity: e.entity, recordId: e.recordId, changes: e.changes, base: e.base }));
  }
  return ops;
}

export interface MergeOutcome {
  /** The op-log cursor after the append. */
  cursor: number;
  conflicts: number;
}

/** Merges `ops` inside the caller's transaction, exactly as an accepted package's ops are merged. */
export async function mergeProvinceOps(client: PoolClient, ops: readonly Op[]): Promise<MergeOutcome> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_MERGE_LOCK]);
  const state = await loadState(client, ops);
  const merged = applyOps(state, ops, { isKnownField });
  if (merged.rejected.length > 0) {
    throw new Error(
      `province ops refused by the merge: ${merged.rejected.map((r) => `${r.code} ${r.reason}`).join('; ')}`,
    );
  }
  const cursor = await appendOps(client, ops, null);
  await saveRecords(client, merged.state, merged.changed, cursor);
  await saveConflicts(client, merged.conflicts);
  await saveParked(client, merged.parked);
  return { cursor, conflicts: merged.conflicts.length };
}
