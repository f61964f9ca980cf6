import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  DuplicateError,
  RepositoryError,
  TransitionRefused,
  ValidationError,
} from '../../../../renderer/src/storage/repositories';
import { valuesOf } from '../../../../renderer/src/storage/repositories/values';
import { demandFor, ENTERPRISE, freshDb, repoOn } from './helpers';

const as = { operator: '张三' };

describe('RecordRepository.save', () => {
  it('writes the record, one outbox op and one oplog entry per changed field, each naming the operator', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const { recordId, ops } = await repo.save('enterprise', null, ENTERPRISE, as);
    expect(ops.map((o) => o.field).sort()).toEqual(['county', 'creditCode', 'name']);
    const row = await repo.get('enterprise', recordId);
    expect(valuesOf(row!)).toMatchObject(ENTERPRISE);
    const outbox = await db.outbox.toArray();
    const oplog = await db.oplog.toArray();
    expect(outbox.map((o) => o.opId).sort()).toEqual(ops.map((o) => o.opId).sort());
    expect(oplog.map((o) => o.opId).sort()).toEqual(ops.map((o) => o.opId).sort());
    expect(outbox.every((o) => o.status === 'pending' && o.seq === null)).toBe(true);
    expect(
      [...outbox.map((o) => o.op.operator), ...oplog.map((o) => o.op.operator)].every((name) => name === '张三'),
    ).toBe(true);
    expect(ops.every((o) => o.county === '130534')).toBe(true);
  });

  it('writes only the fields that changed, with the base the editor saw', async () => {
    const repo = repoOn(freshDb());
    const first = await repo.save('enterprise', null, ENTERPRISE, as);
    const nameHlc = first.record.fields.name!.hlc;
    const second = await repo.save(
      'enterprise',
      first.recordId,
      { ...ENTERPRISE, name: '清河县羊绒集团' },
      { operator: '李四' },
    );
    expect(second.ops).toHaveLength(1);
    expect(second.ops[0]).toMatchObject({ field: 'name', value: '清河县羊绒集团', baseHlc: nameHlc, operator: '李四' });
  });

  it('refuses a write without an operator and stores nothing', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    await expect(repo.save('enterprise', null, ENTERPRISE, { operator: '  ' })).rejects.toMatchObject({
      code: 'NO_OPERATOR',
    });
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses invalid input with the schema messages and writes nothing', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const error = await repo
      .save('enterprise', null, { ...ENTERPRISE, creditCode: '91350100M000100Y4Z' }, as)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const messages = (error as ValidationError).errors.map((e) => e.message.zh).join(' ');
    expect(messages).toContain('校验位应为 3');
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.oplog.count()).toBe(0);
  });

  it('writes the record and its outbox ops atomically: a failure mid-transaction leaves neither', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    db.oplog.hook('creating', () => {
      throw new Error('disk full (injected)');
    });
    await expect(repo.save('enterprise', null, ENTERPRISE, as)).rejects.toThrow('disk full (injected)');
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.oplog.count()).toBe(0);
  });

  it('refuses a duplicate credit code, naming the enterprise that holds it', async () => {
    const repo = repoOn(freshDb());
    const first = await repo.save('enterprise', null, ENTERPRISE, as);
    const error = await repo
      .save('enterprise', null, { ...ENTERPRISE, name: '另一家公司', creditCode: ' 91350100m000100y43 ' }, as)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    expect((error as DuplicateError).duplicate).toEqual({
      field: 'creditCode',
      value: '91350100M000100Y43',
      existingId: first.recordId,
      existingTitle: ENTERPRISE.name,
    });
    expect(await repo.count('enterprise')).toBe(1);
  });

  it('frees a credit code when its enterprise is deleted', async () => {
    const repo = repoOn(freshDb());
    const first = await repo.save('enterprise', null, ENTERPRISE, as);
    await repo.remove('enterprise', first.recordId, as);
    const second = await repo.save('enterprise', null, ENTERPRISE, as);
    expect(second.recordId).not.toBe(first.recordId);
    expect(await repo.count('enterprise')).toBe(1);
  });
});

describe('status moves', () => {
  it('moves a demand only along allowed transitions', async () => {
    const repo = repoOn(freshDb());
    const company = await repo.save('enterprise', null, ENTERPRISE, as);
    const { recordId } = await repo.save('demand', null, demandFor(company.recordId), as);
    expect(valuesOf((await repo.get('demand', recordId))!).status).toBe('draft');
    const refused = await repo.save('demand', recordId, { status: 'solved' }, as).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransitionRefused);
    expect((refused as TransitionRefused).transition.code).toBe('STATUS_TRANSITION_NOT_ALLOWED');
    await repo.save('demand', recordId, { status: 'county_verified' }, as);
    expect(valuesOf((await repo.get('demand', recordId))!).status).toBe('county_verified');
  });
});

describe('remove and history', () => {
  it('deletes with a tombstone op in the outbox, and lists no longer show the record', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const { recordId } = await repo.save('enterprise', null, ENTERPRISE, as);
    const removed = await repo.remove('enterprise', recordId, { operator: '李四' });
    expect(removed.ops[0]).toMatchObject({ field: '_deleted', value: true, operator: '李四' });
    expect(await repo.list('enterprise')).toEqual([]);
    expect(await db.outbox.count()).toBe(4);
  });

  it('refuses to remove a record that does not exist', async () => {
    const repo = repoOn(freshDb());
    await expect(repo.remove('enterprise', 'missing', as)).rejects.toBeInstanceOf(RepositoryError);
  });

  it('tells who changed which field, when, from what to what, oldest first', async () => {
    const repo = repoOn(freshDb());
    const { recordId } = await repo.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    await repo.save('enterprise', recordId, { name: '清河县羊绒集团' }, { operator: '李四' });
    await repo.remove('enterprise', recordId, { operator: '王五' });
    const history = await repo.history('enterprise', recordId);
    expect(history.map((h) => [h.operator, h.field, h.from, h.to, h.kind])).toEqual([
      ['张三', 'county', null, '130534', 'set'],
      ['张三', 'creditCode', null, '91350100M000100Y43', 'set'],
      ['张三', 'name', null, ENTERPRISE.name, 'set'],
      ['李四', 'name', ENTERPRISE.name, '清河县羊绒集团', 'set'],
      ['王五', '_deleted', false, true, 'delete'],
    ]);
    const times = history.map((h) => h.at);
    expect([...times].sort()).toEqual(times);
  });
});
