// The current-state tables as the shared MergeState: load the records a package touches, write back the changed ones.
import { recordKey, type EntityName, type MergeState, type Op, type RecordState } from '@shared/change';
import { copyRows, jsonField } from '../db/copy.js';
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

// Rows travel as ONE jsonb document per statement (jsonb_to_recordset). Per-column unnest arrays were measured
// too (interleaved, same database, 1,000 and 5,000 rows): no faster here, so the simpler form stays.
export async function saveRecords(
  client: PoolClient,
  state: MergeState,
  changed: readonly string[],
  lastSeq: number,
): Promise<void> {
  if (changed.length === 0) return;
  const records = changed.map((key) => state.records.get(key)!);
  await client.query(
    `INSERT INTO records (entity, record_id, county, fields, deleted, last, last_seq)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(entity text, record_id text, county text, fields jsonb, deleted boolean, last jsonb, last_seq bigint)
     ON CONFLICT (entity, record_id) DO UPDATE
       SET county = EXCLUDED.county, fields = EXCLUDED.fields, deleted = EXCLUDED.deleted, last = EXCLUDED.last,
           last_seq = EXCLUDED.last_seq, updated_at = now()`,
    [
      JSON.stringify(
        records.map((r) => ({
          entity: r.entity,
          record_id: r.recordId,
          county: r.county,
          fields: r.fields,
          deleted: r.deleted,
          last: {
            value: r.last.value,
            hlc: r.last.hlc,
            opId: r.last.opId,
            device: r.last.device,
            operator: r.last.operator,
          },
          last_seq: lastSeq,
        })),
      ),
    ],
  );
}

/** Below this many ops one INSERT … ON CONFLICT statement is as fast (measured, 1,000 ops) and one round trip less. */
export const COPY_MIN_OPS = 2000;

/** Appends ops to the op log (an op seen before, by opId, is skipped) and returns the highest cursor afterwards.
 *  packageDigest is null for province-owned ops made on the server (reference imports). Rows go in HLC order:
 *  server_seq (the pull cursor) is assigned in that order. */
export async function appendOps(client: PoolClient, ops: readonly Op[], packageDigest: string | null): Promise<number> {
  if (ops.length >= COPY_MIN_OPS) await copyNewOps(client, ops, packageDigest);
  else if (ops.length > 0) await insertOps(client, ops, packageDigest);
  const { rows } = await client.query<{ cursor: number | null }>('SELECT max(server_seq) AS cursor FROM ops');
  return rows[0]?.cursor ?? 0;
}

async function insertOps(client: PoolClient, ops: readonly Op[], packageDigest: string | null): Promise<void> {
  await client.query(
    `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version, source, package_digest)
     SELECT x.op_id, x.entity, x.record_id, x.field, x.value, x.hlc, x.base_hlc, x.device, x.operator, x.county, x.schema_version, x.source, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(op_id text, entity text, record_id text, field text, value jsonb, hlc text, base_hlc text,
          device text, operator text, county text, schema_version int, source jsonb)
     ORDER BY x.hlc
     ON CONFLICT (op_id) DO NOTHING`,
    [
      JSON.stringify(
        ops.map((op) => ({
          op_id: op.opId,
          entity: op.entity,
          record_id: op.recordId,
          field: op.field,
          value: op.value,
          hlc: op.hlc,
          base_hlc: op.baseHlc,
          device: op.device,
          operator: op.operator,
          county: op.county,
          schema_version: op.schemaVersion,
          source: op.source ?? null,
        })),
      ),
      packageDigest,
    ],
  );
}

/** COPY cannot skip a duplicate, so the ops already logged (and repeats within the batch) are left out first. The
 *  caller holds INGEST_MERGE_LOCK, which every op-log writer takes: an op found absent stays absent until the COPY. */
async function copyNewOps(client: PoolClient, ops: readonly Op[], packageDigest: string | null): Promise<void> {
  const fresh = await opsNotYetLogged(client, ops);
  if (fresh.length > 0) await copyOps(client, fresh, packageDigest);
}

/** `ops` in HLC order, the first of each opId only, without those already in the log. */
async function opsNotYetLogged(client: PoolClient, ops: readonly Op[]): Promise<Op[]> {
  const seen = new Set<string>();
  const unique = [...ops]
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    .filter((op) => !seen.has(op.opId) && seen.add(op.opId));
  if (unique.length === 0) return unique;
  const { rows } = await client.query<{ op_id: string }>('SELECT op_id FROM ops WHERE op_id = ANY($1::text[])', [
    unique.map((op) => op.opId),
  ]);
  if (rows.length === 0) return unique;
  const logged = new Set(rows.map((r) => r.op_id));
  return unique.filter((op) => !logged.has(op.opId));
}

const OP_COLUMNS = [
  'op_id',
  'entity',
  'record_id',
  'field',
  'value',
  'hlc',
  'base_hlc',
  'device',
  'operator',
  'county',
  'schema_version',
  'source',
  'package_digest',
];

async function copyOps(client: PoolClient, ops: readonly Op[], packageDigest: string | null): Promise<void> {
  await copyRows(client, 'ops', OP_COLUMNS, ops, (op) => [
    op.opId,
    op.entity,
    op.recordId,
    op.field,
    jsonField(op.value),
    op.hlc,
    op.baseHlc,
    op.device,
    op.operator,
    op.county,
    String(op.schemaVersion),
    jsonField(op.source),
    packageDigest,
  ]);
}
