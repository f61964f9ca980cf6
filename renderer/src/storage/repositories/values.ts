/** Plain values of stored records, and how edits are normalised before they become ops. */
import type { JsonValue } from '@shared/change/op';
import { TOMBSTONE_FIELD } from '@shared/change/op';
import type { RecordState } from '@shared/change/merge-state';

export type Values = Record<string, JsonValue>;

/** The record as field → value (winning values only; the tombstone is left out). */
export function valuesOf(record: Pick<RecordState, 'fields'>): Values {
  const out: Values = {};
  for (const [name, state] of Object.entries(record.fields)) if (name !== TOMBSTONE_FIELD) out[name] = state.value;
  return out;
}

// Normalisation, defaults and titles are write rules: they live in shared/ for every writer.
export { titleOf } from '@shared/domain/write-rules';
