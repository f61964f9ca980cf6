import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { computeCheckChar } from '@shared/domain/creditCode';
import {
  BatchRefused,
  DuplicateError,
  onChange,
  TransitionRefused,
  ValidationError,
  type ChangeEvent,
} from '../../../../renderer/src/storage/repositories';
import { valuesOf } from '../../../../renderer/src/storage/repositories/values';
import { demandFor, ENTERPRISE, freshDb, repoOn } from './helpers';

const imported = { operator: '张三', source: { kind: 'import' as const, file: '需求调查.xlsx' } };

/** A valid credit code differing from ENTERPRISE's in the serial part. */
function creditCode(n: number): string {
  const first17 = `91130534MA${String(n).padStart(6, '0')}X`;
  return first17 + computeCheckChar(first17);
}

const company = (n: number) => ({ creditCode: creditCode(n), name: `清河县企业${n}有限公司`, county: '130534' });

describe('RecordRepository.saveMany', () => {
  it('writes every item with its outbox and op-log entries, each op naming the source file', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const result = await repo.saveMany(
      'enterprise',
      [1, 2, 3].map((n) => ({ recordId: null, changes: company(n) })),
      imported,
    );
    expect(result.map((r) => r.ops.length)).toEqual([3, 3, 3]);
    expect(await db.records.count()).toBe(3);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((o) => o.opId).sort()).toEqual(result.flatMap((r) => r.ops.map((o) => o.opId)).sort());
    expect(await db.oplog.count()).toBe(9);
    expect(outbox.every((o) => o.op.source?.file === '需求调查.xlsx' && o.op.operator === '张三')).toBe(true);
    const second = await repo.get('enterprise', result[1]!.recordId);
    expect(valuesOf(second!)).toMatchObject(company(2));
    // The clock stored is the last op's, so the next write continues after the batch.
    expect((await db.meta.get('clock'))?.value).toBe(
      outbox
        .map((o) => o.hlc)
        .sort()
        .at(-1),
    );
  });

  it('is all or nothing: one invalid item writes nothing and names the item and the field', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    await repo.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const outboxBefore = await db.outbox.count();
    const items = [company(1), { ...company(2), creditCode: '91350100M000100Y4Z' }, company(3)].map((changes) => ({
      recordId: null,
      changes,
    }));
    const error = await repo.saveMany('enterprise', items, imported).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRefused);
    const refused = error as BatchRefused;
    expect(refused.failures.map((f) => f.index)).toEqual([1]);
    expect(refused.failures[0]!.error).toBeInstanceOf(ValidationError);
    expect(refused.message).toContain('#1: creditCode');
    expect(refused.message).toContain('校验位应为 3');
    expect(await db.records.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outboxBefore);
    expect(await db.oplog.count()).toBe(outboxBefore);
  });

  it('refuses a credit code given twice in one batch, naming the earlier item', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const items = [company(1), company(2), { ...company(1), name: '另一家公司' }].map((changes) => ({
      recordId: null,
      changes,
    }));
    const error = (await repo.saveMany('enterprise', items, imported).catch((e: unknown) => e)) as BatchRefused;
    expect(error).toBeInstanceOf(BatchRefused);
    expect(error.failures.map((f) => f.index)).toEqual([2]);
    const duplicate = error.failures[0]!.error as DuplicateError;
    expect(duplicate).toBeInstanceOf(DuplicateError);
    expect(duplicate.duplicate).toMatchObject({
      field: 'creditCode',
      value: creditCode(1),
      existingTitle: '清河县企业1有限公司',
    });
    expect(await db.records.count()).toBe(0);
  });

  it('refuses a credit code an enterprise in the database already holds', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const existing = await repo.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const items = [company(1), { ...ENTERPRISE, name: '重复的企业' }].map((changes) => ({ recordId: null, changes }));
    const error = (await repo.saveMany('enterprise', items, imported).catch((e: unknown) => e)) as BatchRefused;
    expect(error.failures.map((f) => f.index)).toEqual([1]);
    expect((error.failures[0]!.error as DuplicateError).duplicate.existingId).toBe(existing.recordId);
    expect(await db.records.count()).toBe(1);
  });

  it('checks status moves against the state machine for the given role', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const firm = await repo.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const items = await repo.saveMany(
      'demand',
      [
        { recordId: null, changes: demandFor(firm.recordId) },
        { recordId: null, changes: demandFor(firm.recordId) },
      ],
      imported,
    );
    const [a, b] = items.map((r) => r.recordId);
    const moves = [
      { recordId: a!, changes: { status: 'county_verified' } },
      { recordId: b!, changes: { status: 'solved' } },
    ];
    const error = (await repo.saveMany('demand', moves, imported).catch((e: unknown) => e)) as BatchRefused;
    expect(error.failures.map((f) => f.index)).toEqual([1]);
    expect(error.failures[0]!.error).toBeInstanceOf(TransitionRefused);
    expect(valuesOf((await repo.get('demand', a!))!).status).toBe('draft');
  });

  it('shows the imported file in the history of every record', async () => {
    const repo = repoOn(freshDb());
    const items = await repo.saveMany('enterprise', [{ recordId: null, changes: company(7) }], imported);
    const history = await repo.history('enterprise', items[0]!.recordId);
    expect(history.length).toBeGreaterThan(0);
    expect(
      history.every((h) => h.source?.kind === 'import' && h.source.file === '需求调查.xlsx' && h.operator === '张三'),
    ).toBe(true);
  });

  it('updates existing records with only their changed fields and leaves unchanged items out', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const first = await repo.saveMany(
      'enterprise',
      [company(1), company(2)].map((changes) => ({ recordId: null, changes })),
      imported,
    );
    const [x, y] = first.map((r) => r.recordId);
    const second = await repo.saveMany(
      'enterprise',
      [
        { recordId: x!, changes: { ...company(1), name: '清河县新名字有限公司' } },
        { recordId: y!, changes: company(2) },
      ],
      imported,
    );
    expect(second[0]!.ops.map((o) => o.field)).toEqual(['name']);
    expect(second[1]!.ops).toEqual([]);
    expect(await db.outbox.count()).toBe(7);
  });

  it('emits one change event per batch, naming the records written', async () => {
    const repo = repoOn(freshDb());
    const events: ChangeEvent[] = [];
    const off = onChange((e) => events.push(e));
    const items = await repo.saveMany(
      'enterprise',
      [1, 2, 3].map((n) => ({ recordId: null, changes: company(n) })),
      imported,
    );
    off();
    expect(events).toEqual([{ entity: 'enterprise', recordIds: items.map((r) => r.recordId) }]);
  });
});

describe('RecordRepository.list', () => {
  it('reads every live record of the entity in chunks, leaving out deleted ones and other entities', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const saved = await repo.saveMany(
      'enterprise',
      [1, 2, 3, 4, 5].map((n) => ({ recordId: null, changes: company(n) })),
      imported,
    );
    await repo.remove('enterprise', saved[2]!.recordId, { operator: '张三' });
    await repo.save('demand', null, demandFor(saved[0]!.recordId), { operator: '张三' });
    const expected = saved
      .map((r) => r.recordId)
      .filter((id) => id !== saved[2]!.recordId)
      .sort();
    for (const chunk of [1, 2, 4, 5, 5000])
      expect((await repo.list('enterprise', chunk)).map((r) => r.recordId).sort()).toEqual(expected);
  });
});
