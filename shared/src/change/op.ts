/**
 * The change model's unit: one field of one record, set to one value.
 * Every part of LinkDesk (renderer, host, server, importer, headless client) speaks in these.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Entities that travel as ops. Reference tables are written by the province, the rest by counties. */
export const ENTITY_NAMES = [
  'division',
  'industry',
  'cluster',
  'enterprise',
  'demand',
  'commissioner',
  'workstation',
  'visit',
  'attachment',
  'notice',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/**
 * Hybrid logical clock timestamp as one string that sorts lexicographically in causal order:
 *   `2026-11-28T20:14:30.123Z-000a-3f9c2b1e8d7a6c54`
 *   ISO-8601 UTC millis, `-`, counter (4 lowercase hex), `-`, node id (16 lowercase hex).
 * Parse and compare it only through shared/src/change/hlc.ts.
 */
export type Hlc = string;

/** The field name of a tombstone op; its value is `true` (deleted) or `false` (restored). */
export const TOMBSTONE_FIELD = '_deleted';

export interface OpSource {
  /** 'ui' typed by staff; 'import' from a spreadsheet; 'resolve' a conflict choice; 'system' migrations. */
  kind: 'ui' | 'import' | 'resolve' | 'system';
  /** For imports: the file name the row came from, and the row number. */
  file?: string;
  row?: number;
}

export interface Op {
  /** UUIDv7 made by the client; the idempotence key of the op everywhere. */
  opId: string;
  entity: EntityName;
  /** UUIDv7 of the record (reference tables may use their code instead). */
  recordId: string;
  field: string;
  value: JsonValue;
  hlc: Hlc;
  /** HLC of the value the editor saw when making this change; null for a field never set before. */
  baseHlc: Hlc | null;
  /** Id of the enrolled device that made the op. */
  device: string;
  /** The staff member chosen on the device. */
  operator: string;
  /** GB/T 2260 code of the county the record belongs to (scope). 13 for province-owned reference data. */
  county: string;
  /** Schema version of the app that made the op; fields unknown to an older reader are parked, not dropped. */
  schemaVersion: number;
  source?: OpSource;
}
