/** Reading conflicts and the fate of an op out of a merged state (rules in merge-state.ts). */
import type { Op } from './op';
import { recordKey, type Conflict, type MergeState, type RecordState } from './merge-state';

/** Open conflicts of one record, fields in name order, newest loser first. */
export function recordConflicts(record: RecordState): Conflict[] {
  const out: Conflict[] = [];
  if (!hasRivals(record)) return out;
  for (const field of Object.keys(record.fields).sort()) {
    const state = record.fields[field]!;
    if (state.rivals.length === 0) continue;
    const winner = {
      value: state.value,
      hlc: state.hlc,
      opId: state.opId,
      device: state.device,
      operator: state.operator,
    };
    for (const loser of state.rivals) {
      if (loser.device !== state.device)
        out.push({ entity: record.entity, recordId: record.recordId, field, winner, loser });
    }
  }
  return out;
}

/** Every open conflict in the state, records in key order. */
export function conflictsOf(state: MergeState): Conflict[] {
  const out: Conflict[] = [];
  for (const key of [...state.records.keys()].sort()) out.push(...recordConflicts(state.records.get(key)!));
  return out;
}

/**
 * Where an op that was merged into `state` went:
 * - 'winner': it is the field's current value;
 * - 'rival': it lost but no editor has seen it yet (a conflict if from another device than the winner);
 * - 'superseded': it lost and an editor has since seen a value at least as new and overridden it;
 * - 'parked': its field is unknown to this app version; kept in `state.parked`;
 * - 'absent': the state holds no trace of it (it was never merged here).
 */
export type OpFate = 'winner' | 'rival' | 'superseded' | 'parked' | 'absent';

export function opFate(state: MergeState, op: Op): OpFate {
  if (state.parked.has(op.opId)) return 'parked';
  const field = state.records.get(recordKey(op.entity, op.recordId))?.fields[op.field];
  if (field === undefined) return 'absent';
  if (field.opId === op.opId) return 'winner';
  if (field.rivals.some((r) => r.opId === op.opId)) return 'rival';
  if (field.seen !== null && op.hlc <= field.seen) return 'superseded';
  return 'absent';
}

function hasRivals(record: RecordState): boolean {
  for (const field in record.fields) if (record.fields[field]!.rivals.length > 0) return true;
  return false;
}
