/**
 * Re-stamping after clock-ahead on the DESKTOP store (renderer/src/sync/dexie-store.ts, fake-indexeddb), the same
 * story as the file store's test through the real server (test/integration/sync/clock.test.ts): a PC whose clock
 * was a day ahead is refused `clock-ahead`, stays stopped while it is still ahead, and once the clock is right its
 * ops get fresh stamps in one transaction; the next sync is accepted with nothing lost and nothing doubled.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyState, parseHlc, recordKey, stateDigest } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { SyncError } from '@shared/sync';
import { createTestingBridge } from '../../support/testing-bridge';
import { RecordRepository, valuesOf } from '../../../renderer/src/storage/repositories';
import { loadDevice } from '../../../renderer/src/storage/repositories/device';
import { toRecordState } from '../../../renderer/src/storage/rows';
import { DeviceSync } from '../../../renderer/src/sync/device-sync';
import { SYNC_META } from '../../../renderer/src/sync/dexie-store';
import { deviceIdFor } from '../../../renderer/src/sync/enrolment';
import { inPageLock } from '../../../renderer/src/sync/lock';
import { demandFor, ENTERPRISE, freshDb } from '../renderer/storage/helpers';
import { COUNTY, httpOver } from '../renderer/sync/support';
import { ReferenceServer } from './support/reference-server';

const DAY_MS = 86_400_000;
const W = { operator: '张三' };

/** The true time moves 1 s per reading; the PC reads it `offset` ms off. */
function clocks(start = Date.UTC(2026, 10, 28, 9, 0, 0)) {
  let t = start;
  const c = { offset: DAY_MS, server: () => t, device: () => (t += 1000) + c.offset };
  return c;
}

async function fastDesktop() {
  const time = clocks();
  const server = new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')), time.server);
  server.clockAheadLimitMs = 5 * 60_000;
  const db = freshDb();
  const repo = new RecordRepository(db, time.device);
  const sent: Uint8Array[] = [];
  const bridge = createTestingBridge({ syncHttp: httpOver(server, sent) });
  const sync = new DeviceSync({
    db,
    bridge,
    now: time.device,
    lock: inPageLock(),
    onClockReset: () => repo.forgetDevice(),
    engine: {
      sleep: async () => undefined,
      random: () => 0.5,
      retry: { attempts: 2, baseMs: 1, maxMs: 2 },
      limits: { maxOps: 4, pullLimit: 5 },
    },
  });
  const key = await bridge.keystoreGenerate({ alg: 'Ed25519' });
  const deviceId = deviceIdFor((await loadDevice(db, time.device)).id);
  server.enrol(deviceId, COUNTY, key);
  await sync.store.saveEnrolment(
    { deviceId, county: COUNTY, keyId: key.keyId },
    server.keys,
    new Date(time.device()).toISOString(),
  );
  return { time, server, db, repo, sync, sent };
}

describe('desktop re-stamp after clock-ahead (Dexie store)', () => {
  it('is refused while a day ahead, then re-stamps once the clock is right: every op accepted exactly once, state identical', async () => {
    const { time, server, db, repo, sync } = await fastDesktop();
    const ent = await repo.save('enterprise', null, ENTERPRISE, W);
    const dem = await repo.save('demand', null, demandFor(ent.recordId), W);
    const written = [...ent.ops, ...dem.ops].map((op) => op.opId);

    const refused = (await sync.run().catch((e: unknown) => e)) as SyncError;
    expect(refused).toBeInstanceOf(SyncError);
    expect(refused.code).toBe('CLOCK_AHEAD');
    expect(refused.text.zh).toContain('本机时间比省级服务器快了约 1 天');
    expect(server.quarantine.map((q) => q.code)).toEqual(['clock-ahead']);
    expect(server.log).toEqual([]);
    const sealedWhileAhead = await db.syncPackages.count();
    expect(sealedWhileAhead).toBeGreaterThan(1); // chunked at 4 ops: the refused seq 1 and the ones after it

    // Still ahead: stopped again, nothing re-stamped, nothing accepted.
    expect(((await sync.run().catch((e: unknown) => e)) as SyncError).code).toBe('CLOCK_AHEAD');
    expect(server.log).toEqual([]);
    expect(await db.syncPackages.count()).toBe(sealedWhileAhead);

    // The user fixes the date and edits once more (the stored clock still remembers tomorrow).
    time.offset = 0;
    const edit = await repo.save('demand', dem.recordId, { name: '校正时间后改的名称' }, W);
    written.push(...edit.ops.map((op) => op.opId));
    const report = await sync.run();
    expect(report.restamped).toBe(written.length);
    expect(report.acknowledgedSeq).toBe(report.pushed); // seq 1 sealed again: the refused seq was never consumed
    expect(server.log.map((op) => op.opId).sort()).toEqual([...written].sort()); // the log does not de-duplicate
    for (const op of server.log) expect(parseHlc(op.hlc).ms).toBeLessThanOrEqual(time.server());
    expect(await db.outbox.count()).toBe(0);
    expect(await db.syncPackages.count()).toBe(0);

    // The desktop's records are exactly the server's merge of the accepted ops.
    const device = emptyState();
    for (const row of await db.records.toArray())
      device.records.set(recordKey(row.entity, row.recordId), toRecordState(row));
    expect(stateDigest(device)).toBe(stateDigest(server.state));
    const demand = valuesOf((await repo.get('demand', dem.recordId))!);
    expect([demand.name, demand.problem]).toEqual(['校正时间后改的名称', demandFor(ent.recordId).problem]);
    // History (the op log) carries the new stamps, one entry per op.
    const history = await repo.history('demand', dem.recordId);
    expect(history.length).toBe(dem.ops.length + edit.ops.length);
    const logged = await db.oplog.bulkGet(written);
    expect(logged.map((row) => row!.hlc).sort()).toEqual(server.log.map((op) => op.hlc).sort());

    // The clock was reset with the re-stamp: the next edit is stamped now, not tomorrow, and is accepted.
    expect(parseHlc((await db.meta.get('clock'))!.value as string).ms).toBeLessThanOrEqual(time.server() + 1000);
    const later = await repo.save('demand', dem.recordId, { problem: '之后的正常修改' }, W);
    expect(parseHlc(later.ops[0]!.hlc).ms).toBeLessThanOrEqual(time.server() + 1000);
    const next = await sync.run();
    expect(next.restamped).toBeUndefined();
    expect(server.quarantine.map((q) => q.code)).toEqual(['clock-ahead', 'clock-ahead', 'clock-ahead']);
    expect(server.log.length).toBe(written.length + later.ops.length);
    expect((await db.meta.get(SYNC_META.acknowledgedSeq))!.value).toBe(next.acknowledgedSeq);
  });

  it('leaves everything as it was when the re-stamp is refused (a seq the server already acknowledged)', async () => {
    const { time, server, db, repo, sync } = await fastDesktop();
    time.offset = 0;
    const ent = await repo.save('enterprise', null, ENTERPRISE, W);
    await sync.run();
    expect(server.log.length).toBeGreaterThan(0);
    await repo.save('enterprise', ent.recordId, { name: '清河县第二羊绒厂' }, W);
    const outboxBefore = await db.outbox.toArray();
    const recordBefore = await db.records.get(['enterprise', ent.recordId]);
    await expect(sync.store.restampFrom(1, time.device())).rejects.toThrow(/acknowledged/);
    expect(await db.outbox.toArray()).toEqual(outboxBefore);
    expect(await db.records.get(['enterprise', ent.recordId])).toEqual(recordBefore);
  });
});
