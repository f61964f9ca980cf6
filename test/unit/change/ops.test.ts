import { describe, expect, it } from 'vitest';
import { compareHlc, createClock, formatHlc, parseHlc } from '@shared/change/hlc';
import { OpInputError, isTombstone, makeFieldOps, makeTombstone, type OpContext } from '@shared/change/ops';
import { isUuidV7 } from '@shared/change/uuidv7';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0, 0);
const NODE = '00000000000000d1';
const RECORD = '019a0000-0000-7000-8000-000000000001';

function context(now = T0): OpContext {
  return {
    clock: createClock(NODE, () => now),
    device: 'dev-1',
    operator: '张三',
    county: '130102',
    schemaVersion: 3,
    source: { kind: 'ui' },
  };
}

describe('making field ops from an edit', () => {
  it('makes one op per changed field, in field-name order, each with its own later HLC and UUIDv7 id', () => {
    const ctx = context();
    const ops = makeFieldOps({
      ...ctx,
      entity: 'enterprise',
      recordId: RECORD,
      changes: { name: '河北某某科技有限公司', employees: 120 },
      base: { name: formatHlc({ ms: T0 - 5000, counter: 0, node: NODE }), employees: null },
    });
    expect(ops.map((o) => [o.field, o.value, o.baseHlc])).toEqual([
      ['employees', 120, null],
      ['name', '河北某某科技有限公司', formatHlc({ ms: T0 - 5000, counter: 0, node: NODE })],
    ]);
    expect(compareHlc(ops[0]!.hlc, ops[1]!.hlc)).toBe(-1);
    expect(ops.every((o) => isUuidV7(o.opId))).toBe(true);
    expect(new Set(ops.map((o) => o.opId)).size).toBe(2);
    expect(ops[0]).toMatchObject({
      entity: 'enterprise',
      recordId: RECORD,
      device: 'dev-1',
      operator: '张三',
      county: '130102',
      schemaVersion: 3,
      source: { kind: 'ui' },
    });
  });

  it('takes base null for a brand-new record', () => {
    const ops = makeFieldOps({
      ...context(),
      entity: 'demand',
      recordId: RECORD,
      changes: { title: '需求' },
      base: null,
    });
    expect(ops[0]!.baseHlc).toBeNull();
  });

  it('refuses an edit without a base for a changed field (it would look like a conflict)', () => {
    const edit = {
      ...context(),
      entity: 'demand' as const,
      recordId: RECORD,
      changes: { title: 'x', budget: 5 },
      base: { title: null },
    };
    expect(() => makeFieldOps(edit)).toThrow(OpInputError);
    expect(() => makeFieldOps(edit)).toThrow(expect.objectContaining({ code: 'OP_BASE_MISSING' }));
  });

  it('refuses undefined values, empty edits and the tombstone field', () => {
    const base = { ...context(), entity: 'demand' as const, recordId: RECORD, base: null };
    expect(() => makeFieldOps({ ...base, changes: { title: undefined as unknown as string } })).toThrow(
      expect.objectContaining({ code: 'OP_VALUE_UNDEFINED' }),
    );
    expect(() => makeFieldOps({ ...base, changes: {} })).toThrow(expect.objectContaining({ code: 'OP_NO_CHANGES' }));
    expect(() => makeFieldOps({ ...base, changes: { _deleted: true } })).toThrow(
      expect.objectContaining({ code: 'OP_RESERVED_FIELD' }),
    );
  });

  it('timestamps an op after its base even when the base came from a clock ahead of ours', () => {
    const ctx = context(T0);
    const aheadBase = formatHlc({ ms: T0 + 60_000, counter: 3, node: '00000000000000d2' });
    const [op] = makeFieldOps({
      ...ctx,
      entity: 'visit',
      recordId: RECORD,
      changes: { note: 'ok' },
      base: { note: aheadBase },
    });
    expect(compareHlc(op!.hlc, aheadBase)).toBe(1);
    expect(parseHlc(op!.hlc).node).toBe(NODE);
  });
});

describe('tombstones', () => {
  it('a deletion is the field _deleted set to true; a restore sets it to false', () => {
    const ctx = context();
    const del = makeTombstone({ ...ctx, entity: 'enterprise', recordId: RECORD, base: null });
    const restore = makeTombstone({ ...ctx, entity: 'enterprise', recordId: RECORD, base: del.hlc, deleted: false });
    expect(del).toMatchObject({ field: '_deleted', value: true, baseHlc: null });
    expect(restore).toMatchObject({ field: '_deleted', value: false, baseHlc: del.hlc });
    expect(compareHlc(restore.hlc, del.hlc)).toBe(1);
    expect(isTombstone(del)).toBe(true);
    expect(isTombstone(restore)).toBe(false);
    expect(isTombstone({ field: 'name', value: true })).toBe(false);
  });
});
