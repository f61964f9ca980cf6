/**
 * How an imported row finds "the same record": the natural key per entity. Re-importing a file matches every
 * row to the record it made the first time, so nothing is duplicated and an unchanged file plans no writes.
 */
import type { EntityName, JsonValue } from '../change/op';
import { canonicalJson } from '../change/digest';

export const IMPORT_KEYS: Partial<Record<EntityName, readonly string[]>> = {
  enterprise: ['creditCode'],
  demand: ['enterprise', 'name'],
  commissioner: ['name', 'sendingUnit'],
  visit: ['date', 'enterprise', 'township', 'commissioners'],
};

export interface ExistingRecord {
  id: string;
  values: Readonly<Record<string, JsonValue>>;
}

/** What the planner asks about records already in the database. Synchronous: preload, then plan. */
export interface ExistingLookup {
  /** The live record of `entity` whose fields equal `key` (the IMPORT_KEYS of that entity). */
  findByKey(entity: EntityName, key: Readonly<Record<string, JsonValue>>): ExistingRecord | undefined;
  /** Ids of live records of `entity` that `text` names through one of the `lookupBy` fields (exact, trimmed). */
  findRefs(entity: EntityName, lookupBy: readonly string[], text: string): string[];
  getById(entity: EntityName, id: string): ExistingRecord | undefined;
}

export function keyOf(entity: EntityName, values: Readonly<Record<string, JsonValue | undefined>>): string | null {
  const fields = IMPORT_KEYS[entity];
  if (!fields) return null;
  const key: Record<string, JsonValue> = {};
  let any = false;
  for (const f of fields) {
    const v = values[f];
    const value = v === undefined || v === '' ? null : Array.isArray(v) ? [...(v as string[])].sort() : v;
    if (value !== null && !(Array.isArray(value) && value.length === 0)) any = true;
    key[f] = value;
  }
  return any ? canonicalJson(key) : null;
}

export function keyValues(
  entity: EntityName,
  values: Readonly<Record<string, JsonValue | undefined>>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of IMPORT_KEYS[entity] ?? []) out[f] = values[f] ?? null;
  return out;
}

/** An ExistingLookup over records held in memory (a county's records preloaded from the local database). */
export function lookupFromRecords(
  records: readonly { entity: EntityName; id: string; values: Readonly<Record<string, JsonValue>> }[],
): ExistingLookup {
  const byKey = new Map<string, ExistingRecord>();
  const byEntity = new Map<EntityName, ExistingRecord[]>();
  for (const r of records) {
    const rec = { id: r.id, values: r.values };
    const k = keyOf(r.entity, r.values);
    if (k !== null) byKey.set(`${r.entity}|${k}`, rec);
    let list = byEntity.get(r.entity);
    if (!list) byEntity.set(r.entity, (list = []));
    list.push(rec);
  }
  const byId = new Map<string, ExistingRecord>();
  for (const r of records) byId.set(`${r.entity}|${r.id}`, { id: r.id, values: r.values });
  const fieldIndexes = new Map<string, Map<string, string[]>>();
  const fieldIndex = (entity: EntityName, field: string): Map<string, string[]> => {
    let idx = fieldIndexes.get(`${entity}|${field}`);
    if (!idx) {
      idx = new Map();
      for (const r of byEntity.get(entity) ?? []) {
        const v = field === 'id' ? r.id : r.values[field];
        if (typeof v !== 'string') continue;
        idx.set(v.trim(), [...(idx.get(v.trim()) ?? []), r.id]);
      }
      fieldIndexes.set(`${entity}|${field}`, idx);
    }
    return idx;
  };
  return {
    findByKey(entity, key) {
      const k = keyOf(entity, key);
      return k === null ? undefined : byKey.get(`${entity}|${k}`);
    },
    getById(entity, id) {
      return byId.get(`${entity}|${id}`);
    },
    findRefs(entity, lookupBy, text) {
      const t = text.trim();
      for (const field of ['id', ...lookupBy]) {
        const hits = fieldIndex(entity, field).get(t);
        if (hits && hits.length > 0) return hits;
      }
      return [];
    },
  };
}
