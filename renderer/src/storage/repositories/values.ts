/** Plain values of stored records, and how edits are normalised before they become ops. */
import type { EntityName, JsonValue } from '@shared/change/op';
import { TOMBSTONE_FIELD } from '@shared/change/op';
import type { RecordState } from '@shared/change/merge-state';
import { normalizeCreditCode } from '@shared/domain/creditCode';
import { getField, getSchema } from '@shared/domain/registry';
import { isEmptyValue } from '@shared/domain/validate';

export type Values = Record<string, JsonValue>;

/** The record as field → value (winning values only; the tombstone is left out). */
export function valuesOf(record: Pick<RecordState, 'fields'>): Values {
  const out: Values = {};
  for (const [name, state] of Object.entries(record.fields)) if (name !== TOMBSTONE_FIELD) out[name] = state.value;
  return out;
}

/** The name a record goes by in lists and messages (its schema's title field). */
export function titleOf(entity: EntityName, values: Values): string {
  const v = values[getSchema(entity).titleField];
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/**
 * Empty inputs become null (a cleared field), text is trimmed, credit codes are normalised
 * (full-width, spaces, lower case), undefined entries are dropped.
 */
export function normalizeChanges(entity: EntityName, changes: Readonly<Record<string, JsonValue | undefined>>): Values {
  const out: Values = {};
  for (const [name, raw] of Object.entries(changes)) {
    if (raw === undefined) continue;
    const def = getField(entity, name);
    let v: JsonValue = raw;
    if (typeof v === 'string')
      v = def?.kind === 'creditCode' ? normalizeCreditCode(v) : def?.kind === 'longtext' ? v.trimEnd() : v.trim();
    out[name] = isEmptyValue(v) ? null : v;
  }
  return out;
}

export function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Schema defaults for the fields a new record does not set. */
export function defaultsFor(entity: EntityName, given: Values): Values {
  const out: Values = {};
  for (const f of getSchema(entity).fields) if (f.default !== undefined && !(f.name in given)) out[f.name] = f.default;
  return out;
}
