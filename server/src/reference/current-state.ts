// The merged current state (`records`) as plain values: what imports match against, exports list and stats count.
import type { EntityName, Hlc, JsonValue } from '@shared/change';
import type { Pool, PoolClient } from '../db/pool.js';

export interface CurrentRecord {
  entity: EntityName;
  id: string;
  county: string;
  deleted: boolean;
  values: Record<string, JsonValue>;
  /** Each field's winning HLC: the base of a province edit of that field. */
  hlcs: Record<string, Hlc>;
}

interface Row {
  entity: EntityName;
  record_id: string;
  county: string;
  deleted: boolean;
  fields: Record<string, { value: JsonValue; hlc: Hlc }>;
}

/** Records of `entities` (live only unless `withDeleted`), optionally of one county, in a stable order. */
export async function currentRecords(
  db: Pool | PoolClient,
  entities: readonly EntityName[],
  options: { county?: string; withDeleted?: boolean } = {},
): Promise<CurrentRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT entity, record_id, county, deleted, fields FROM records
     WHERE entity = ANY($1::text[]) AND ($2::boolean OR NOT deleted) AND ($3::text IS NULL OR county = $3)
     ORDER BY entity, record_id`,
    [entities, options.withDeleted ?? false, options.county ?? null],
  );
  return rows.map((r) => {
    const values: Record<string, JsonValue> = {};
    const hlcs: Record<string, Hlc> = {};
    for (const [field, state] of Object.entries(r.fields)) {
      hlcs[field] = state.hlc;
      if (field !== '_deleted') values[field] = state.value;
    }
    return { entity: r.entity, id: r.record_id, county: r.county, deleted: r.deleted, values, hlcs };
  });
}
