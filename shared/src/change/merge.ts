/**
 * Merging ops into state: per-field last-writer-wins by (hlc, device, opId), with concurrent losers
 * kept as conflicts and ops for unknown fields parked. The rules and the state shape are documented
 * in merge-state.ts. The same SET of ops, in any order and with any duplicates, gives the same state.
 *
 * `applyOps` is pure by contract though it updates `state` in place, for speed:
 * - all ops are checked (and `isKnownField` consulted) before the first change, so a throw leaves
 *   `state` untouched and a bad op is rejected with a reason instead of blocking the rest;
 * - a changed record is a NEW RecordState object (copy-on-write); one you hold is never mutated.
 */
import { isHlc } from './hlc';
import { TOMBSTONE_FIELD, type Op } from './op';
import { recordConflicts } from './conflicts';
import {
  compareVersions,
  recordKey,
  versionOf,
  type Conflict,
  type FieldState,
  type FieldVersion,
  type IsKnownField,
  type MergeState,
} from './merge-state';

export interface ApplyOptions {
  isKnownField: IsKnownField;
}

export type RejectCode = 'OP_MALFORMED' | 'OP_BAD_HLC' | 'OP_BASE_NOT_BEFORE_HLC' | 'OP_TOMBSTONE_VALUE';

/** An op the merge refused; the caller keeps it for review. */
export interface RejectedOp {
  op: unknown;
  code: RejectCode;
  reason: string;
}

export interface ApplyResult {
  /** The same object that was passed in, now with the ops merged. */
  state: MergeState;
  /** Keys (`entity/recordId`) of records whose state changed, in first-change order. */
  changed: string[];
  /** All open conflicts of the changed records, as they stand after the merge. */
  conflicts: Conflict[];
  /** Ops newly parked by this call (unknown fields); they are also kept in `state.parked`. */
  parked: Op[];
  rejected: RejectedOp[];
}

export function applyOps(state: MergeState, ops: readonly Op[], options: ApplyOptions): ApplyResult {
  const accepted: Op[] = [];
  const toPark: Op[] = [];
  const rejected: RejectedOp[] = [];
  for (const op of ops) {
    const problem = checkOp(op);
    if (problem) rejected.push({ op, ...problem });
    else if (op.field !== TOMBSTONE_FIELD && !options.isKnownField(op.entity, op.field)) toPark.push(op);
    else accepted.push(op);
  }

  const parked: Op[] = [];
  for (const op of toPark) {
    if (state.parked.has(op.opId)) continue;
    state.parked.set(op.opId, op);
    parked.push(op);
  }

  const copied = new Set<string>();
  for (const op of accepted) {
    // An op parked under an older schema leaves the parking once it is applied (see reapplyParked).
    if (state.parked.size > 0) state.parked.delete(op.opId);
    const key = recordKey(op.entity, op.recordId);
    let record = state.records.get(key);
    const next = mergeField(record?.fields[op.field], op);
    if (next === null) continue;
    if (record === undefined) {
      record = { entity: op.entity, recordId: op.recordId, county: op.county, fields: {}, deleted: false, last: next };
      state.records.set(key, record);
      copied.add(key);
    } else if (!copied.has(key)) {
      record = { ...record, fields: { ...record.fields } };
      state.records.set(key, record);
      copied.add(key);
    }
    record.fields[op.field] = next;
    if (next.opId === op.opId && compareVersions(next, record.last) > 0) {
      record.last = next;
      record.county = op.county;
    }
    if (op.field === TOMBSTONE_FIELD) record.deleted = next.value === true;
  }

  const changed = [...copied];
  const conflicts: Conflict[] = [];
  for (const key of changed) conflicts.push(...recordConflicts(state.records.get(key)!));
  return { state, changed, conflicts, parked, rejected };
}

/** Applies the parked ops whose fields `isKnownField` now knows (after an app update); the rest stay parked. */
export function reapplyParked(state: MergeState, isKnownField: IsKnownField): ApplyResult {
  const ready = [...state.parked.values()].filter(
    (op) => op.field === TOMBSTONE_FIELD || isKnownField(op.entity, op.field),
  );
  return applyOps(state, ready, { isKnownField });
}

/**
 * The field state after adding `op`, or null if `op` changes nothing (already applied, or already seen
 * and overridden). Invariant kept: winner = max version, seen = max base, rivals = other ops with hlc > seen.
 */
function mergeField(current: FieldState | undefined, op: Op): FieldState | null {
  if (current === undefined) {
    return {
      value: op.value,
      hlc: op.hlc,
      opId: op.opId,
      device: op.device,
      operator: op.operator,
      seen: op.baseHlc,
      rivals: NO_RIVALS,
    };
  }

  const order = compareVersions(op, current);
  if (order === 0) return null;
  let seen = current.seen;
  if (op.baseHlc !== null && (seen === null || op.baseHlc > seen)) seen = op.baseHlc;
  const seenMoved = seen !== current.seen;

  let winner: FieldVersion;
  let loser: FieldVersion;
  if (order > 0) {
    winner = versionOf(op);
    loser = {
      value: current.value,
      hlc: current.hlc,
      opId: current.opId,
      device: current.device,
      operator: current.operator,
    };
  } else {
    winner = current;
    loser = versionOf(op);
  }

  const loserIsRival = (seen === null || loser.hlc > seen) && !current.rivals.some((r) => r.opId === loser.opId);
  if (order < 0 && !seenMoved && !loserIsRival) return null;

  let rivals = seenMoved ? current.rivals.filter((r) => r.hlc > seen!) : current.rivals;
  if (loserIsRival) rivals = insertNewestFirst(rivals, loser);
  if (rivals.length === 0) rivals = NO_RIVALS;
  return {
    value: winner.value,
    hlc: winner.hlc,
    opId: winner.opId,
    device: winner.device,
    operator: winner.operator,
    seen,
    rivals,
  };
}

/** Rival lists are never mutated once in a state (records are copy-on-write), so this makes a new one. */
function insertNewestFirst(rivals: FieldVersion[], version: FieldVersion): FieldVersion[] {
  let i = 0;
  while (i < rivals.length && compareVersions(rivals[i]!, version) > 0) i++;
  return [...rivals.slice(0, i), version, ...rivals.slice(i)];
}

const NO_RIVALS: FieldVersion[] = Object.freeze([]) as unknown as FieldVersion[];

function checkOp(op: Op): { code: RejectCode; reason: string } | null {
  if (typeof op !== 'object' || op === null) return { code: 'OP_MALFORMED', reason: 'not an object' };
  for (const key of ['opId', 'entity', 'recordId', 'field', 'device', 'operator', 'county'] as const) {
    const v = op[key];
    if (typeof v !== 'string' || v.length === 0)
      return { code: 'OP_MALFORMED', reason: `${key} must be a non-empty string` };
  }
  if (op.entity.includes('/')) return { code: 'OP_MALFORMED', reason: 'entity must not contain "/"' };
  if (op.value === undefined) return { code: 'OP_MALFORMED', reason: 'value is missing' };
  if (!isHlc(op.hlc)) return { code: 'OP_BAD_HLC', reason: `hlc is not an HLC timestamp: ${String(op.hlc)}` };
  if (op.baseHlc !== null) {
    if (!isHlc(op.baseHlc))
      return { code: 'OP_BAD_HLC', reason: `baseHlc is neither null nor an HLC timestamp: ${String(op.baseHlc)}` };
    if (op.baseHlc >= op.hlc)
      return {
        code: 'OP_BASE_NOT_BEFORE_HLC',
        reason: 'baseHlc must be earlier than hlc (an edit comes after the value it saw)',
      };
  }
  if (op.field === TOMBSTONE_FIELD && typeof op.value !== 'boolean') {
    return { code: 'OP_TOMBSTONE_VALUE', reason: `${TOMBSTONE_FIELD} must be true or false` };
  }
  return null;
}
