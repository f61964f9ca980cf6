// A database written by schema v1 opens in the current version with nothing lost.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createClock } from '@shared/change/hlc';
import { applyOps } from '@shared/change/merge';
import { emptyState } from '@shared/change/merge-state';
import { makeFieldOps } from '@shared/change/ops';
import { DB_VERSION, LinkDeskDb } from '../../../../renderer/src/storage/db';
import { STORES_V1 } from '../../../../renderer/src/storage/schema-v1';
import { DuplicateError, RecordRepository, valuesOf } from '../../../../renderer/src/storage/repositories';
import { ENTERPRISE, steppingNow } from './helpers';

const NAME = `linkdesk-upgrade-${process.pid}`;

/** Writes what version 1 of the app stored: merged records, outbox, oplog, operators, settings, blobs, meta. */
async function writeV1Fixture(): Promise<{ recordId: string; opIds: string[] }> {
  const v1 = new Dexie(NAME);
  v1.version(1).stores(STORES_V1);
  const clock = createClock('00000000000000a1', steppingNow());
  const recordId = '01936f3a-0000-7000-8000-000000000001';
  const ops = makeFieldOps({
    clock,
    device: '00000000000000a1',
    operator: '张三',
    county: '130534',
    schemaVersion: 1,
    entity: 'enterprise',
    recordId,
    changes: ENTERPRISE,
    base: null,
  });
  const state = applyOps(emptyState(), ops, { isKnownField: () => true }).state;
  await v1.table('records').put(state.records.get(`enterprise/${recordId}`));
  await v1.table('outbox').bulkPut(ops.map((op) => ({ opId: op.opId, op, status: 'pending', seq: null })));
  await v1
    .table('oplog')
    .bulkPut(
      ops.map((op) => ({ opId: op.opId, entity: op.entity, recordId, hlc: op.hlc, op, prev: null, origin: 'local' })),
    );
  await v1.table('operators').put({ name: '张三', createdAt: '2026-11-01T08:00:00.000Z' });
  await v1.table('settings').bulkPut([
    { key: 'lang', value: 'en' },
    { key: 'operator', value: '张三' },
  ]);
  await v1.table('blobs').put({
    sha256: 'ab'.repeat(32),
    mime: 'image/png',
    size: 3,
    data: new Uint8Array([1, 2, 3]).buffer,
    createdAt: '2026-11-01T08:00:00.000Z',
  });
  await v1.table('meta').bulkPut([
    { key: 'deviceId', value: '00000000000000a1' },
    { key: 'clock', value: clock.last() },
  ]);
  expect(v1.verno).toBe(1);
  v1.close();
  return { recordId, opIds: ops.map((o) => o.opId) };
}

describe('upgrading the local database', () => {
  it('opens a v1 database in the current version with every row kept and the new indexes filled', async () => {
    const { recordId, opIds } = await writeV1Fixture();
    const db = new LinkDeskDb(NAME);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);

    const row = await db.records.get(['enterprise', recordId]);
    expect(valuesOf(row!)).toEqual(ENTERPRISE);
    expect(row!.updatedAt).toBe(row!.last.hlc);
    expect(row!.uniq).toEqual(['enterprise.creditCode=91350100M000100Y43']);
    expect((await db.outbox.toArray()).map((o) => o.opId).sort()).toEqual([...opIds].sort());
    expect((await db.outbox.orderBy('hlc').toArray()).every((o) => o.hlc === o.op.hlc)).toBe(true);
    expect(await db.oplog.count()).toBe(3);
    expect(await db.operators.toArray()).toEqual([{ name: '张三', createdAt: '2026-11-01T08:00:00.000Z' }]);
    expect(await db.settings.get('lang')).toEqual({ key: 'lang', value: 'en' });
    expect((await db.blobs.get('ab'.repeat(32)))!.size).toBe(3);
    expect((await db.meta.get('deviceId'))!.value).toBe('00000000000000a1');

    // The upgraded data works with the current write path: history reads, duplicates are caught, edits go on.
    const repo = new RecordRepository(db, steppingNow(Date.UTC(2026, 10, 29)));
    expect((await repo.history('enterprise', recordId)).map((h) => h.field)).toEqual(['county', 'creditCode', 'name']);
    await expect(
      repo.save('enterprise', null, { ...ENTERPRISE, name: '重复登记' }, { operator: '李四' }),
    ).rejects.toBeInstanceOf(DuplicateError);
    const edit = await repo.save('enterprise', recordId, { name: '清河县羊绒集团' }, { operator: '李四' });
    expect(edit.ops[0]!.baseHlc).toBe(row!.fields.name!.hlc);
    expect(edit.ops[0]!.device).toBe('00000000000000a1');
    db.close();
  });

  it('v3 adds the sync tables empty; the outbox of an older version is still all unsealed', async () => {
    const name = `${NAME}-v3`;
    const v1 = new Dexie(name);
    v1.version(1).stores(STORES_V1);
    await v1.table('meta').put({ key: 'deviceId', value: '00000000000000a2' });
    v1.close();
    const db = new LinkDeskDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    for (const table of [db.syncPackages, db.syncReceipts, db.parked, db.rejected, db.conflicts])
      expect(await table.count()).toBe(0);
    expect((await db.meta.get('deviceId'))!.value).toBe('00000000000000a2');
    db.close();
  });
});
