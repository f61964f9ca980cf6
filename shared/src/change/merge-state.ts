/**
 * The current state that ops merge into. The renderer's Dexie store and the server's PostgreSQL
 * current-state tables mirror this shape, so that all of them merge the same way:
 *
 *   MergeState  = { records: Map<recordKey, RecordState>, parked: Map<opId, Op> }
 *   RecordState = { entity, recordId, county, fields: { [field]: FieldState }, deleted, last }
 *   FieldState  = FieldVersion & { seen, rivals }
 *   FieldVersion = { value, hlc, opId, device, operator }   — one op's value, as shown and reviewed
 *
 * For the set S of ops applied to one field:
 * - the field's value is the WINNER: the op with the greatest (hlc, device, opId);
 * - `seen` is the greatest baseHlc in S: every op with hlc ≤ seen was seen and overridden by an editor;
 * - `rivals` are the other ops of S with hlc > seen, i.e. values no editor has yet seen and overridden.
 *   A rival from another device than the winner is an open CONFLICT (the two edits were concurrent);
 *   both values are kept for review. An edit whose base ≥ the rival's hlc clears it.
 * All three are functions of the SET S, which is why merging is order-independent and idempotent.
 *
 * A record is deleted iff its `_deleted` field's winning value is true; `_deleted` merges like any field,
 * so a later `_deleted: false` restores the record with every field edit made meanwhile.
 * `county` and `last` come from the record's latest winning op (greatest hlc, device, opId).
 */
import type { EntityName, Hlc, JsonValue, Op } from './op';

export interface FieldVersion {
  value: JsonValue;
  hlc: Hlc;
  opId: string;
  device: string;
  operator: string;
}

export interface FieldState extends FieldVersion {
  /** Greatest baseHlc among the ops applied to this field (null: no editor has built on any value). */
  seen: Hlc | null;
  /** Losing values not yet seen by an editor, newest first. */
  rivals: FieldVersion[];
}

export interface RecordState {
  entity: EntityName;
  recordId: string;
  county: string;
  fields: Record<string, FieldState>;
  deleted: boolean;
  /**
   * The record's latest winning value (its hlc is the record's "updated at", its operator "updated by").
   * Read only its FieldVersion part: it may be the very object of a field's state, kept to save memory.
   */
  last: FieldVersion;
}

export interface MergeState {
  records: Map<string, RecordState>;
  /** Ops for fields this app version does not know yet, kept until a newer app can apply them. */
  parked: Map<string, Op>;
}

export interface Conflict {
  entity: EntityName;
  recordId: string;
  field: string;
  winner: FieldVersion;
  loser: FieldVersion;
}

export type IsKnownField = (entity: EntityName, field: string) => boolean;

export function emptyState(): MergeState {
  return { records: new Map(), parked: new Map() };
}

/** Map key of a record: `entity/recordId` (entity names contain no `/`). */
export function recordKey(entity: EntityName, recordId: string): string {
  return `${entity}/${recordId}`;
}

/** Total order of versions: hlc, then device, then opId. Same hlc and device means the same op. */
export function compareVersions(
  a: Pick<FieldVersion, 'hlc' | 'device' | 'opId'>,
  b: Pick<FieldVersion, 'hlc' | 'device' | 'opId'>,
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  if (a.opId !== b.opId) return a.opId < b.opId ? -1 : 1;
  return 0;
}

/** The base HLC an editor should put on an op that overwrites this field of this record. */
export function baseOf(record: RecordState | undefined, field: string): Hlc | null {
  return record?.fields[field]?.hlc ?? null;
}

export function versionOf(op: Op): FieldVersion {
  return { value: op.value, hlc: op.hlc, opId: op.opId, device: op.device, operator: op.operator };
}
