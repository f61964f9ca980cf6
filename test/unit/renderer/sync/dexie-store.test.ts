// The Dexie SyncStore under the shared engine: every step one transaction, sealed bytes resent unchanged,
// pages merged into the repositories' records exactly once, and the same result online and by USB.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeFieldOps } from '@shared/change/ops';
import { createClock } from '@shared/change/hlc';
import type { ReturnPage } from '@shared/sync/ports';
import { valuesOf } from '../../../../renderer/src/storage/repositories';
import { resolveConflict } from '../../../../renderer/src/sync/conflicts';
import { SYNC_META } from '../../../../renderer/src/sync/dexie-store';
import { inPageLock, webLocksLock } from '../../../../renderer/src/sync/lock';
import { demandFor, ENTERPRISE } from '../storage/helpers';
import { COUNTY, enrolledDevice, referenceServer } from './support';

const W = { operator: '张三' };

describe('DexieSyncStore with the sync engine and the reference server', () => {
  it('pushes what the repositories wrote, acknowledges it, and another device pulls the same records', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    const b = await enrolledDevice(server);
    const ent = await a.repo.save('enterprise', null, ENTERPRISE, W);
    const dem = await a.repo.save('demand', null, demandFor(ent.recordId), W);
    const pending = await a.sync.status();
    expect(pending.pendingByEntity).toEqual({ enterprise: ent.ops.length, demand: dem.ops.length });

    const phases: string[] = [];
    const report = await a.sync.run({ onProgress: (p) => phases.push(p.phase) });
    expect(report.sealed).toBeGreaterThan(1); // chunked at 4 ops
    expect(report.pushed).toBe(report.sealed);
    expect(phases[0]).toBe('seal');
    expect(phases.at(-1)).toBe('done');
    expect(server.log.map((op) => op.opId).sort()).toEqual([...ent.ops, ...dem.ops].map((op) => op.opId).sort());
    const after = await a.sync.status();
    expect(after).toMatchObject({
      pendingTotal: 0,
      acknowledgedSeq: report.sealed,
      unacknowledgedPackages: 0,
      conflicts: 0,
    });
    expect(after.lastSyncAt).not.toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.syncReceipts.count()).toBe(report.sealed);

    await b.sync.run();
    const pulled = await b.repo.get('demand', dem.recordId);
    expect(valuesOf(pulled!)).toEqual(valuesOf(dem.record));
    expect((await b.repo.history('demand', dem.recordId)).every((h) => h.origin === 'remote')).toBe(true);
    expect(await b.db.meta.get(SYNC_META.cursor)).toEqual({ key: SYNC_META.cursor, value: String(server.log.length) });
    // b's edit goes back to a: the same record row the repositories read.
    await b.repo.save('demand', dem.recordId, { name: '羊绒染色废水深度处理' }, { operator: '李四' });
    await b.sync.run();
    await a.sync.run();
    expect(valuesOf((await a.repo.get('demand', dem.recordId))!).name).toBe('羊绒染色废水深度处理');
  });

  it('keeps sealed bytes: the USB export, a second export and the online push are byte-identical', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    await a.repo.save('enterprise', null, ENTERPRISE, W);
    const first = await a.sync.exportPending();
    const second = await a.sync.exportPending();
    expect(first.length).toBe(1);
    expect(second).toEqual(first);
    await a.sync.run();
    expect(a.sent).toEqual([first[0]!.bytes]);
  });

  it('refuses a package that does not follow the chain, changing nothing', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    const ent = await a.repo.save('enterprise', null, ENTERPRISE, W);
    const bogus = {
      seq: 2,
      digest: 'x',
      packageId: 'p',
      prevDigest: null,
      bytes: new Uint8Array([1]),
      opIds: [ent.ops[0]!.opId],
      sealedAt: '2026-11-28T00:00:00.000Z',
    };
    await expect(a.sync.store.sealPackage(bogus)).rejects.toMatchObject({ code: 'SEAL_OUT_OF_ORDER' });
    await expect(a.sync.store.sealPackage({ ...bogus, seq: 1, opIds: ['no-such-op'] })).rejects.toMatchObject({
      code: 'SEAL_UNKNOWN_OP',
    });
    expect(await a.db.syncPackages.count()).toBe(0);
    expect((await a.db.outbox.toArray()).every((r) => r.seq === null)).toBe(true);
    expect(await a.sync.store.chainTip()).toBeNull();
  });

  it('applies a page in one transaction: a failure part-way writes nothing; applying it twice is harmless', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    await a.repo.save('enterprise', null, ENTERPRISE, W);
    const [pkg] = await a.sync.exportPending();
    const clock = createClock('00000000000000b2', () => Date.UTC(2026, 10, 28, 10));
    const remote = makeFieldOps({
      clock,
      device: 'dev-other',
      operator: '王五',
      county: COUNTY,
      schemaVersion: 1,
      entity: 'enterprise',
      recordId: '01936f3a-0000-7000-8000-0000000000b2',
      changes: { ...ENTERPRISE, creditCode: '91130534MA00000022', name: '另一家企业' },
      base: null,
    });
    const page: ReturnPage = {
      digest: 'page-1',
      from: '0',
      to: '9',
      hasMore: false,
      serverTime: '2026-11-28T10:00:00.000Z',
      ops: remote,
      receipts: [
        {
          packageId: 'p',
          seq: 1,
          digest: pkg!.digest,
          cursor: '3',
          serverTime: '2026-11-28T10:00:00.000Z',
          status: 'accepted',
          bytes: new TextEncoder().encode('{}'),
        },
      ],
    };
    const before = await a.sync.store.counters();
    // The last write of the transaction fails: the records, op log, outbox and cursor must be as before.
    const failing = (): void => {
      throw new Error('disk full');
    };
    a.db.syncReceipts.hook('creating', failing);
    await expect(a.sync.store.applyPage(page)).rejects.toThrow('disk full');
    a.db.syncReceipts.hook('creating').unsubscribe(failing);
    expect(await a.sync.store.counters()).toEqual(before);
    expect(await a.repo.get('enterprise', remote[0]!.recordId)).toBeUndefined();
    expect(await a.db.oplog.filter((r) => r.origin === 'remote').count()).toBe(0);

    const applied = await a.sync.store.applyPage(page);
    expect(applied).toMatchObject({ changedRecords: 1, acknowledgedSeq: 1, cursor: '9' });
    const rows = await a.db.records.toArray();
    const oplog = await a.db.oplog.count();
    const again = await a.sync.store.applyPage(page);
    expect(again).toMatchObject({ changedRecords: 0, cursor: '9' });
    expect(await a.db.records.toArray()).toEqual(rows);
    expect(await a.db.oplog.count()).toBe(oplog);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('imports the same USB return package twice with the same result as an online pull', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    const b = await enrolledDevice(server);
    const ent = await a.repo.save('enterprise', null, ENTERPRISE, W);
    for (const p of await a.sync.exportPending()) await server.push(p.bytes); // carried by USB to the province
    const returnFile = await server.returnPage(b.deviceId, null, 1000);
    const first = await b.sync.importReturn(returnFile);
    expect(first).toMatchObject({ ops: ent.ops.length, changedRecords: 1 });
    const second = await b.sync.importReturn(returnFile);
    expect(second).toMatchObject({ changedRecords: 0 });
    expect(valuesOf((await b.repo.get('enterprise', ent.recordId))!)).toEqual(ENTERPRISE);
    // a's own return file acknowledges its packages: the outbox empties without going online.
    await a.sync.importReturn(await server.returnPage(a.deviceId, null, 1000));
    expect((await a.sync.status()).pendingTotal).toBe(0);
  });

  it('lists concurrent edits of the same field as a conflict; an edit based on the winner clears it', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    const b = await enrolledDevice(server);
    const ent = await a.repo.save('enterprise', null, ENTERPRISE, W);
    await a.sync.run();
    await b.sync.run();
    await a.repo.save('enterprise', ent.recordId, { name: '甲改的名字' }, { operator: '甲' });
    await b.repo.save('enterprise', ent.recordId, { name: '乙改的名字' }, { operator: '乙' });
    await a.sync.run();
    await b.sync.run();
    await a.sync.run();
    const conflicts = await a.sync.conflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ entity: 'enterprise', recordId: ent.recordId, field: 'name' });
    expect(new Set([conflicts[0]!.winner.operator, conflicts[0]!.loser.operator])).toEqual(new Set(['甲', '乙']));
    expect((await a.sync.status()).conflicts).toBe(1);

    // Keeping the winner's value is a choice too: a new op is written and the conflict clears everywhere.
    const chosen = await resolveConflict(a.repo, conflicts[0]!, conflicts[0]!.winner.value, '甲');
    expect(chosen.ops).toHaveLength(1);
    expect(chosen.ops[0]!.baseHlc).toBe(conflicts[0]!.winner.hlc);
    expect(await a.sync.conflicts()).toEqual([]);
    await a.sync.run();
    await b.sync.run();
    expect(await b.sync.conflicts()).toEqual([]);
    expect(valuesOf((await b.repo.get('enterprise', ent.recordId))!).name).toBe(conflicts[0]!.winner.value);
  });

  it('runs one sync at a time: a second run waits for the first', async () => {
    const lock = inPageLock();
    const order: string[] = [];
    let release!: () => void;
    const first = lock.withLock('linkdesk-sync', async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first ends');
    });
    const second = lock.withLock('linkdesk-sync', async () => void order.push('second runs'));
    await Promise.resolve();
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
    const requested: string[] = [];
    const web = webLocksLock({ request: async (name, fn) => (requested.push(name), fn()) });
    expect(await web.withLock('linkdesk-sync', async () => 7)).toBe(7);
    expect(requested).toEqual(['linkdesk-sync']);
  });

  it('rebuilds every record from the op log (repair)', async () => {
    const server = await referenceServer();
    const a = await enrolledDevice(server);
    const b = await enrolledDevice(server);
    await b.repo.save('enterprise', null, ENTERPRISE, W);
    await b.sync.run();
    const ent = await a.repo.save(
      'enterprise',
      null,
      { ...ENTERPRISE, creditCode: '91130534MA00000022', name: '本机企业' },
      W,
    );
    await a.sync.run();
    const good = await a.db.records.orderBy(':id').toArray();
    expect(good).toHaveLength(2);
    await a.db.records.clear();
    await a.db.records.put({ ...good[0]!, fields: {}, deleted: true });
    expect(await a.sync.rebuildFromOplog()).toBe(2);
    expect(await a.db.records.orderBy(':id').toArray()).toEqual(good);
    expect(valuesOf((await a.repo.get('enterprise', ent.recordId))!).name).toBe('本机企业');
  });
});
