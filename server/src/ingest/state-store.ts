// The current-state tables as the shared MergeState: load the records a package touches, write back the changed ones.
import { recordKey, type EntityName, type MergeState, type Op, type RecordState } from '@shared/change';
import type { PoolClient } from '../db/pool.js';

interface RecordRow {
  entity: EntityName;
  record_id: string;
  county: string;
  fields: RecordState['fields'];
  deleted: boolean;
  last: RecordState['last'] | null;
}

/**
 * Loads the records `ops` touch. The caller holds INGEST_MERGE_LOCK, which every writer of `records` takes (ingest,
 * reference import, parked re-apply), so merges already run one after another: no row locks needed (FOR UPDATE
 * would write a lock into every row read, a cost per touched record for nothing).
 */
export async function loadState(client: PoolClient, ops: readonly Op[]): Promise<MergeState> {
  const keys = [...new Map(ops.map((op) => [recordKey(op.entity, op.recordId), op])).values()];
  const state: MergeState = { records: new Map(), parked: new Map() };
  if (keys.length === 0) return state;
  const { rows } = await client.query<RecordRow>(
    `SELECT r.entity, r.record_id, r.county, r.fields, r.deleted, r.last
     FROM records r JOIN unnest($1::text[], $2::text[]) AS k(entity, record_id) USING (entity, record_id)
     ORDER BY r.entity, r.record_id`,
    [keys.map((op) => op.entity), keys.map((op) => op.recordId)],
  );
  for (const r of rows) {
    const first = Object.values(r.fields)[0];
    state.records.set(recordKey(r.entity, r.record_id), {
      entity: r.entity,
      recordId: r.record_id,
      county: r.county,
      fields: r.fields,
      deleted: r.deleted,
      last: r.last ?? first!,
    });
  }
  return state;
}

// Rows travel as one array per column and are unnested by PostgreSQL: no per-row statements, and each jsonb value
// is parsed once (a single jsonb_to_recordset document would be parsed whole and then again per column).

export async function saveRecords(client: PoolClient, state: MergeState, changed: readonly string[], lastSeq: number): Promise<void> {
  if (changed.length === 0) return;
  const records = changed.map((key) => state.records.get(key)!);
  await client.query(
    `INSERT INTO records (entity, record_id, county, fields, deleted, last, last_seq)
     SELECT x.entity, x.record_id, x.county, x.fields::jsonb, x.deleted, x.last::jsonb, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[]) AS x(entity, record_id, county, fields, deleted, last)
     ON CONFLICT (entity, record_id) DO UPDATE
       SET county = EXCLUDED.county, fields = EXCLUDED.fields, deleted = EXCLUDED.deleted, last = EXCLUDED.last,
           last_seq = EXCLUDED.last_seq, updated_at = now()`,
    [
      records.map((r) => r.entity),
      records.map((r) => r.recordId),
      records.map((r) => r.county),
      records.map((r) => JSON.stringify(r.fields)),
      records.map((r) => r.deleted),
      records.map((r) => JSON.stringify({ value: r.last.value, hlc: r.last.hlc, opId: r.last.opId, device: r.last.device, operator: r.last.operator })),
      lastSeq,
    ],
  );
}

/** Appends ops to the op log (an op seen before, by opId, is skipped) and returns the highest cursor afterwards.
 *  packageDigest is null for province-owned ops made on the server (reference imports). */
export async function appendOps(client: PoolClient, ops: readonly Op[], packageDigest: string | null): Promise<number> {
  if (ops.length > 0) {
    await client.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version, source, package_digest)
       SELECT x.op_id, x.entity, x.record_id, x.field, x.value::jsonb, x.hlc, x.base_hlc, x.device, x.operator, x.county, x.schema_version, x.source::jsonb, $13
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[])
         AS x(op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version, source)
       ORDER BY x.hlc
       ON CONFLICT (op_id) DO NOTHING`,
      [
        ops.map((op) => op.opId),
        ops.map((op) => op.entity),
        ops.map((op) => op.recordId),
        ops.map((op) => op.field),
        ops.map((op) => (op.value === null ? null : JSON.stringify(op.value))),
        ops.map((op) => op.hlc),
        ops.map((op) => op.baseHlc),
        ops.map((op) => op.device),
        ops.map((op) => op.operator),
        ops.map((op) => op.county),
        ops.map((op) => op.schemaVersion),
        ops.map((op) => (op.source ? JSON.stringify(op.source) : null)),
        packageDigest,
      ],
    );
  }
  const { rows } = await client.query<{ cursor: number | null }>('SELECT max(server_seq) AS cursor FROM ops');
  return rows[0]?.cursor ?? 0;
}
