import { describe, expect, it } from 'vitest';
import {
  applyOps,
  baseOf,
  conflictsOf,
  emptyState,
  opFate,
  reapplyParked,
  stateDigest,
  type IsKnownField,
  type MergeState,
  type Op,
} from '@shared/change/index';
import { allKnown, at, op, oracleState } from './merge-support';

const merge = (ops: Op[], isKnownField: IsKnownField = allKnown): MergeState =>
  applyOps(emptyState(), ops, { isKnownField }).state;
const record = (state: MergeState, id = 'r1') => state.records.get(`enterprise/${id}`)!;
const value = (state: MergeState, field: string, id = 'r1') => record(state, id).fields[field]?.value;

describe('last writer wins per field', () => {
  it('the op with the later HLC wins, whichever arrives first', () => {
    const early = op({ field: 'name', value: '旧名', hlc: at(1, 'A') });
    const late = op({ field: 'name', value: '新名', hlc: at(2, 'B'), baseHlc: at(1, 'A'), device: 'B' });
    expect(value(merge([early, late]), 'name')).toBe('新名');
    expect(value(merge([late, early]), 'name')).toBe('新名');
  });

  it('fields merge independently: edits of different fields by different devices both stay', () => {
    const name = op({ field: 'name', value: '甲', hlc: at(1, 'A') });
    const phone = op({ field: 'phone', value: '0311', hlc: at(1, 'B'), device: 'B' });
    const state = merge([phone, name]);
    expect(value(state, 'name')).toBe('甲');
    expect(value(state, 'phone')).toBe('0311');
    expect(conflictsOf(state)).toEqual([]);
  });

  it('ties on the HLC string break by device, then by opId, the same on every replica', () => {
    const hlc = at(5, 'A');
    const onDevA = op({ field: 'name', value: 'from A', hlc, device: 'A', opId: 'op-9' });
    const onDevB = op({ field: 'name', value: 'from B', hlc, device: 'B', opId: 'op-1' });
    expect(value(merge([onDevA, onDevB]), 'name')).toBe('from B');
    expect(value(merge([onDevB, onDevA]), 'name')).toBe('from B');
    const lowId = op({ field: 'phone', value: 'low', hlc, device: 'A', opId: 'op-1' });
    const highId = op({ field: 'phone', value: 'high', hlc, device: 'A', opId: 'op-2' });
    expect(value(merge([highId, lowId]), 'phone')).toBe('high');
    expect(value(merge([lowId, highId]), 'phone')).toBe('high');
  });

  it('applying an op twice changes nothing the second time', () => {
    const edit = op({ field: 'name', value: 'x', hlc: at(1) });
    const state = merge([edit]);
    const before = stateDigest(state);
    const again = applyOps(state, [edit, edit], { isKnownField: allKnown });
    expect(again.changed).toEqual([]);
    expect(stateDigest(state)).toBe(before);
  });

  it('records the county and "last updated" of the latest winning op', () => {
    const first = op({ field: 'name', value: 'x', hlc: at(1), county: '130102' });
    const second = op({ field: 'phone', value: 'y', hlc: at(2, 'B'), device: 'B', operator: '李四', county: '130104' });
    for (const order of [
      [first, second],
      [second, first],
    ]) {
      const r = record(merge(order));
      expect(r.county).toBe('130104');
      expect(r.last).toMatchObject({ hlc: at(2, 'B'), operator: '李四' });
    }
  });
});

describe('conflicts: concurrent edits of one field from different devices', () => {
  const base = op({ field: 'name', value: '原名', hlc: at(1, 'A') });
  const editA = op({ field: 'name', value: 'A 的改法', hlc: at(10, 'A'), baseHlc: at(1, 'A'), device: 'A' });
  const editB = op({
    field: 'name',
    value: 'B 的改法',
    hlc: at(12, 'B'),
    baseHlc: at(1, 'A'),
    device: 'B',
    operator: '李四',
  });

  it('the later edit wins and the other value is kept for review, in any arrival order', () => {
    for (const order of [
      [base, editA, editB],
      [editB, editA, base],
      [editA, base, editB],
    ]) {
      const state = merge(order);
      expect(value(state, 'name')).toBe('B 的改法');
      expect(conflictsOf(state)).toEqual([
        {
          entity: 'enterprise',
          recordId: 'r1',
          field: 'name',
          winner: { value: 'B 的改法', hlc: editB.hlc, opId: editB.opId, device: 'B', operator: '李四' },
          loser: { value: 'A 的改法', hlc: editA.hlc, opId: editA.opId, device: 'A', operator: '张三' },
        },
      ]);
    }
  });

  it('applyOps reports the conflicts of the records it changed', () => {
    const result = applyOps(emptyState(), [base, editA, editB], { isKnownField: allKnown });
    expect(result.changed).toEqual(['enterprise/r1']);
    expect(result.conflicts.map((c) => c.loser.opId)).toEqual([editA.opId]);
  });

  it('a sequence of edits where each editor saw the previous value is no conflict', () => {
    const seen = op({ field: 'name', value: 'B 看过 A 后改', hlc: at(12, 'B'), baseHlc: editA.hlc, device: 'B' });
    const state = merge([base, editA, seen]);
    expect(conflictsOf(state)).toEqual([]);
    expect(record(state).fields.name!.rivals).toEqual([]);
    expect(opFate(state, editA)).toBe('superseded');
    expect(opFate(state, base)).toBe('superseded');
  });

  it('an edit based on the current value (a resolution) clears the conflict', () => {
    const state = merge([base, editA, editB]);
    const resolve = op({
      field: 'name',
      value: '商定后的名称',
      hlc: at(20, 'A'),
      baseHlc: baseOf(record(state), 'name'),
      source: { kind: 'resolve' },
    });
    const result = applyOps(state, [resolve], { isKnownField: allKnown });
    expect(result.conflicts).toEqual([]);
    expect(conflictsOf(state)).toEqual([]);
    expect(value(state, 'name')).toBe('商定后的名称');
  });

  it('a later edit that did not see the loser keeps the conflict open against the new winner', () => {
    // C saw only the original value, like A and B: three concurrent edits.
    const editC = op({ field: 'name', value: 'C 的改法', hlc: at(15, 'C'), baseHlc: at(1, 'A'), device: 'C' });
    const state = merge([editC, base, editB, editA]);
    expect(value(state, 'name')).toBe('C 的改法');
    expect(conflictsOf(state).map((c) => c.loser.value)).toEqual(['B 的改法', 'A 的改法']);
  });

  it('an editor who saw only one side clears that side, not the other', () => {
    const sawA = op({ field: 'name', value: 'C 看过 A', hlc: at(15, 'C'), baseHlc: editA.hlc, device: 'C' });
    // editB (t12) is newer than what C saw (t10): still open; editA was seen and overridden.
    const state = merge([base, editA, editB, sawA]);
    expect(conflictsOf(state).map((c) => c.loser.opId)).toEqual([editB.opId]);
    expect(opFate(state, editA)).toBe('superseded');
  });

  it('two unsynced edits from the SAME device are not a conflict', () => {
    const first = op({ field: 'name', value: '1', hlc: at(10, 'A'), device: 'A' });
    const second = op({ field: 'name', value: '2', hlc: at(11, 'A'), device: 'A' });
    expect(conflictsOf(merge([first, second]))).toEqual([]);
  });
});

describe('tombstones', () => {
  const create = op({ field: 'name', value: '某公司', hlc: at(1) });
  const del = op({ field: '_deleted', value: true, hlc: at(2) });

  it('a record is deleted iff the winning _deleted value is true', () => {
    expect(record(merge([create])).deleted).toBe(false);
    expect(record(merge([del, create])).deleted).toBe(true);
  });

  it('edits after a delete are kept, and a later restore brings the record back with them', () => {
    const editAfter = op({ field: 'phone', value: '0311-1234', hlc: at(3, 'B'), device: 'B' });
    const deleted = merge([create, del, editAfter]);
    expect(record(deleted).deleted).toBe(true);
    expect(value(deleted, 'phone')).toBe('0311-1234');
    const restore = op({ field: '_deleted', value: false, hlc: at(4), baseHlc: del.hlc });
    applyOps(deleted, [restore], { isKnownField: allKnown });
    expect(record(deleted).deleted).toBe(false);
    expect(value(deleted, 'phone')).toBe('0311-1234');
  });

  it('a delete and a restore merge by HLC like any field', () => {
    const restore = op({ field: '_deleted', value: false, hlc: at(5, 'B'), baseHlc: del.hlc, device: 'B' });
    const deleteAgain = op({ field: '_deleted', value: true, hlc: at(6), baseHlc: restore.hlc });
    expect(record(merge([deleteAgain, create, restore, del])).deleted).toBe(true);
    expect(record(merge([restore, del, create])).deleted).toBe(false);
  });

  it('the tombstone field is merged even when the schema predicate does not list it', () => {
    expect(record(merge([create, del], (_e, f) => f === 'name')).deleted).toBe(true);
  });
});

describe('fields unknown to this app version are parked, never dropped', () => {
  const knowsName: IsKnownField = (_entity, field) => field === 'name';
  const name = op({ field: 'name', value: '甲', hlc: at(1) });
  const future = op({ field: 'rdSpending', value: 1_000_000, hlc: at(2) });

  it('parks them, keeps them in the state and reports them', () => {
    const result = applyOps(emptyState(), [name, future, future], { isKnownField: knowsName });
    expect(result.parked).toEqual([future]);
    expect([...result.state.parked.values()]).toEqual([future]);
    expect(record(result.state).fields.rdSpending).toBeUndefined();
    expect(opFate(result.state, future)).toBe('parked');
    expect(applyOps(result.state, [future], { isKnownField: knowsName }).parked).toEqual([]);
  });

  it('re-applies them once the app knows the field, reaching the state as if known from the start', () => {
    const state = merge([future, name], knowsName);
    const result = reapplyParked(state, allKnown);
    expect(result.changed).toEqual(['enterprise/r1']);
    expect(state.parked.size).toBe(0);
    expect(value(state, 'rdSpending')).toBe(1_000_000);
    expect(stateDigest(state)).toBe(stateDigest(merge([name, future])));
  });

  it('an op parked earlier leaves the parking when it is applied under the newer schema', () => {
    const state = merge([future, name], knowsName);
    applyOps(state, [future], { isKnownField: allKnown });
    expect(state.parked.size).toBe(0);
    expect(opFate(state, future)).toBe('winner');
  });

  it('loses no parked op if the schema lookup fails during re-apply', () => {
    const state = merge([future, name], knowsName);
    let calls = 0;
    const flaky: IsKnownField = () => {
      calls += 1;
      if (calls > 1) throw new Error('schema lookup failed');
      return true;
    };
    expect(() => reapplyParked(state, flaky)).toThrow('schema lookup failed');
    expect([...state.parked.keys()]).toEqual([future.opId]);
  });

  it('keeps still-unknown fields parked on re-apply', () => {
    const state = merge([future, name], knowsName);
    reapplyParked(state, knowsName);
    expect([...state.parked.keys()]).toEqual([future.opId]);
  });
});

describe('bad ops are rejected with a reason, never applied half-way, never blocking the rest', () => {
  it('rejects malformed ops and applies the good ones', () => {
    const good = op({ field: 'name', value: 'ok', hlc: at(1) });
    const badHlc = op({ field: 'name', value: 'x', hlc: '2026-11-28 09:00' });
    const futureBase = op({ field: 'name', value: 'x', hlc: at(1), baseHlc: at(2) });
    const badTombstone = op({ field: '_deleted', value: 'yes', hlc: at(3) });
    const noValue = { ...op({ field: 'name', hlc: at(4) }), value: undefined } as unknown as Op;
    const result = applyOps(emptyState(), [badHlc, good, futureBase, badTombstone, noValue], {
      isKnownField: allKnown,
    });
    expect(result.rejected.map((r) => r.code)).toEqual([
      'OP_BAD_HLC',
      'OP_BASE_NOT_BEFORE_HLC',
      'OP_TOMBSTONE_VALUE',
      'OP_MALFORMED',
    ]);
    expect(result.rejected.every((r) => r.reason.length > 0)).toBe(true);
    expect(value(result.state, 'name')).toBe('ok');
  });

  it('leaves the state untouched if the field predicate throws', () => {
    const state = merge([op({ field: 'name', value: 'ok', hlc: at(1) })]);
    const before = stateDigest(state);
    const later = op({ field: 'name', value: 'new', hlc: at(2) });
    const broken = op({ field: 'boom', value: 1, hlc: at(3) });
    expect(() =>
      applyOps(state, [later, broken], {
        isKnownField: (_e, f) => {
          if (f === 'boom') throw new Error('schema lookup failed');
          return true;
        },
      }),
    ).toThrow('schema lookup failed');
    expect(stateDigest(state)).toBe(before);
  });
});

describe('state objects', () => {
  it('a changed record is a new object; a record object already handed out is never mutated', () => {
    const state = merge([op({ field: 'name', value: '旧', hlc: at(1) })]);
    const held = record(state);
    const heldJson = JSON.stringify(held);
    applyOps(state, [op({ field: 'name', value: '新', hlc: at(2), baseHlc: at(1) })], { isKnownField: allKnown });
    expect(record(state)).not.toBe(held);
    expect(JSON.stringify(held)).toBe(heldJson);
    expect(value(state, 'name')).toBe('新');
  });

  it('the digest differs when any value differs and is equal for equal states', () => {
    const a = merge([op({ field: 'name', value: { zh: '甲', n: [1, 2] }, hlc: at(1), opId: 'same' })]);
    const b = merge([op({ field: 'name', value: { n: [1, 2], zh: '甲' }, hlc: at(1), opId: 'same' })]);
    const c = merge([op({ field: 'name', value: { zh: '乙', n: [1, 2] }, hlc: at(1), opId: 'same' })]);
    expect(stateDigest(a)).toBe(stateDigest(b));
    expect(stateDigest(a)).not.toBe(stateDigest(c));
    expect(stateDigest(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the incremental merge equals the state computed from the definition', () => {
    const ops = [
      op({ field: 'name', value: 1, hlc: at(1, 'A') }),
      op({ field: 'name', value: 2, hlc: at(3, 'B'), baseHlc: at(1, 'A'), device: 'B' }),
      op({ field: 'name', value: 3, hlc: at(2, 'C'), device: 'C' }),
      op({ field: '_deleted', value: true, hlc: at(4, 'C'), device: 'C' }),
    ];
    expect(stateDigest(merge(ops))).toBe(stateDigest(oracleState(ops, allKnown)));
  });
});
