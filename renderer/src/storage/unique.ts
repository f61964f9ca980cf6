import type { RecordState } from '@shared/change/merge-state';
import { uniqueFieldsOf, uniqueKey } from '@shared/domain/write-rules';

// Which fields are unique, and the key a value takes, are write rules (shared/); this indexes stored records.
export { uniqueFieldsOf, uniqueKey };

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
