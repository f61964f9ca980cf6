import type { RecordState } from '@shared/change/merge-state';
import { getSchema } from '@shared/domain/registry';

/** Field kinds whose value identifies a real-world thing, so two live records may not share it. */
const UNIQUE_KINDS = new Set(['creditCode']);

export function uniqueFieldsOf(entity: RecordState['entity']): string[] {
  return getSchema(entity)
    .fields.filter((f) => UNIQUE_KINDS.has(f.kind))
    .map((f) => f.name);
}

export const uniqueKey = (entity: string, field: string, value: string): string => `${entity}.${field}=${value}`;

/** The unique keys a stored record occupies (none once deleted). */
export function uniqueKeysOf(record: RecordState): string[] {
  if (record.deleted) return [];
  const keys: string[] = [];
  for (const field of uniqueFieldsOf(record.entity)) {
    const value = record.fields[field]?.value;
    if (typeof value === 'string' && value !== '') keys.push(uniqueKey(record.entity, field, value));
  }
  return keys;
}
