// Helpers for the merge tests: hand-made ops, and an oracle that computes the merged state straight
// from the DEFINITION (a function of the op set), to compare against the incremental merge.
import { formatHlc } from '@shared/change/hlc';
import { TOMBSTONE_FIELD, type Op } from '@shared/change/op';
import {
  compareVersions,
  recordKey,
  versionOf,
  type FieldState,
  type IsKnownField,
  type MergeState,
  type RecordState,
} from '@shared/change/merge-state';

export const T0 = Date.UTC(2026, 10, 28, 9, 0, 0, 0);
export const NODES: Record<string, string> = { A: '00000000000000a1', B: '00000000000000b2', C: '00000000000000c3' };

/** HLC of device `device` at T0 + `tick` ms. */
export const at = (tick: number, device = 'A', counter = 0): string =>
  formatHlc({ ms: T0 + tick, counter, node: NODES[device]! });

let serial = 0;
export function op(p: Partial<Op> & { field: string; hlc: string }): Op {
  serial += 1;
  return {
    opId: `op-${String(serial).padStart(6, '0')}`,
    entity: 'enterprise',
    recordId: 'r1',
    value: null,
    baseHlc: null,
    device: 'A',
    operator: '张三',
    county: '130102',
    schemaVersion: 1,
    ...p,
  };
}

export const allKnown: IsKnownField = () => true;

export function oracleState(ops: readonly Op[], isKnownField: IsKnownField): MergeState {
  const unique = new Map<string, Op>();
  for (const o of ops) unique.set(o.opId, o);
  const state: MergeState = { records: new Map(), parked: new Map() };
  const byField = new Map<string, Op[]>();
  for (const o of unique.values()) {
    if (o.field !== TOMBSTONE_FIELD && !isKnownField(o.entity, o.field)) {
      state.parked.set(o.opId, o);
      continue;
    }
    const key = JSON.stringify([o.entity, o.recordId, o.field]);
    byField.set(key, [...(byField.get(key) ?? []), o]);
  }
  for (const group of byField.values()) {
    const sorted = [...group].sort((a, b) => compareVersions(b, a));
    const winner = sorted[0]!;
    let seen: string | null = null;
    for (const o of group) if (o.baseHlc !== null && (seen === null || o.baseHlc > seen)) seen = o.baseHlc;
    const rivals = sorted
      .slice(1)
      .filter((o) => seen === null || o.hlc > seen)
      .map(versionOf);
    const field: FieldState = { ...versionOf(winner), seen, rivals };
    const key = recordKey(winner.entity, winner.recordId);
    let record: RecordState | undefined = state.records.get(key);
    if (!record) {
      record = {
        entity: winner.entity,
        recordId: winner.recordId,
        county: winner.county,
        fields: {},
        deleted: false,
        last: versionOf(winner),
      };
      state.records.set(key, record);
    }
    record.fields[winner.field] = field;
    if (compareVersions(winner, record.last) > 0) {
      record.last = versionOf(winner);
      record.county = winner.county;
    }
    if (winner.field === TOMBSTONE_FIELD) record.deleted = winner.value === true;
  }
  return state;
}
