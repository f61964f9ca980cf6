/**
 * The sync rules one by one, against the in-memory reference server (docs/sync-protocol.md), for EACH of the three
 * sync stores (memory, the device's file store, the desktop's Dexie store): one contract for every store.
 */
import { describe, expect, it } from 'vitest';
import { conflictsOf, stateDigest } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { SyncError, type PushResult, type Transport } from '@shared/sync';
import { ReferenceServer } from './support/reference-server';
import { STORE_KITS, type StoreKit } from './support/stores';
import { makeDevice, type TestDevice } from './support/test-device';
import { FaultyTransport, type TransportFault } from './support/faults';

const COUNTY = '130132';
const DAY = 24 * 3_600_000;

async function setup(
  kit: StoreKit,
  now: () => number = Date.now,
): Promise<{ server: ReferenceServer; a: TestDevice; b: TestDevice }> {
  const server = new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')));
  return {
    server,
    a: await makeDevice(server, 'dev-a', COUNTY, now, kit),
    b: await makeDevice(server, 'dev-b', COUNTY, now, kit),
  };
}

const REC = '0190a1b2-c3d4-7000-8000-000000000001';
const REC2 = '0190a1b2-c3d4-7000-8000-000000000002';

async function someEdits(d: TestDevice): Promise<void> {
  await d.edit('demand', REC, { name: '秸秆综合利用', problem: '能耗偏高', budget: 120 });
  await d.edit('demand', REC2, { name: '水肥一体化', keywords: ['节水', '滴灌'] });
  await d.edit('demand', REC, { budget: 150 });
}

function expectEachOpOnce(server: ReferenceServer, devices: TestDevice[]): void {
  const made = devices.flatMap((d) => d.made.map((op) => op.opId)).sort();
  expect(server.log.map((op) => op.opId).sort()).toEqual(made);
}

/** Records every package the transport sends. */
function spy(inner: Transport): Transport & { pushed: Uint8Array[] } {
  const pushed: Uint8Array[] = [];
  return {
    pushed,
    push: (bytes) => {
      pushed.push(bytes);
      return inner.push(bytes);
    },
    pull: (bytes) => inner.pull(bytes),
  };
}

/** A device with a correct clock that has synced: no clock warning. */
async function a0(server: ReferenceServer, kit: StoreKit): Promise<{ warnings: unknown[] }> {
  const d = await makeDevice(server, 'dev-ok', COUNTY, Date.now, kit);
  await d.engine(server.transport()).run();
  return d.engine(server.transport()).status();
}

const faults =
  (...list: TransportFault[]): (() => TransportFault) =>
  () =>
    list.shift() ?? 'none';

describe.each(STORE_KITS)('sync engine rules ($name store)', (kit) => {
  it('pushes the outbox as chained packages chunked by the op limit, then pulls; receipts empty the outbox', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    const report = await a.engine(server.transport()).run();
    expect(report.sealed).toBe(2); // 6 ops, at most 3 per package
    expect(report.pushed).toBe(2);
    expect(report.acknowledgedSeq).toBe(2);
    expectEachOpOnce(server, [a]);
    const status = await a.engine(server.transport()).status();
    expect(status.pendingTotal).toBe(0);
    expect(status.unacknowledgedPackages).toBe(0);
    expect(status.lastSyncAt).not.toBeNull();
    expect(stateDigest(await a.state())).toBe(stateDigest(server.scopedState(COUNTY)));
  });

  it('SEQ_GAP: when a later package overtakes, the server names the expected seq and the engine resends from it', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    const pending = await a.engine(server.transport()).exportPendingPackages();
    expect(pending.map((p) => p.seq)).toEqual([1, 2]);
    const inner = server.transport();
    let overtaken = false;
    const answers: PushResult[] = [];
    const overtaking: Transport = {
      push: async (bytes) => {
        const result = await inner.push(overtaken ? bytes : ((overtaken = true), pending[1]!.bytes));
        answers.push(result);
        return result;
      },
      pull: (bytes) => inner.pull(bytes),
    };
    await a.engine(overtaking).run();
    expect(answers[0]).toEqual({ kind: 'gap', expectedSeq: 1 });
    expectEachOpOnce(server, [a]);
    expect((await a.store.counters()).acknowledgedSeq).toBe(2);
  });

  it('a lost receipt is answered on resend with the SAME receipt, and nothing is applied twice', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    const faulty = new FaultyTransport(server.transport(), faults('dropResponse', 'none', 'dropResponse', 'duplicate'));
    await a.engine(faulty).run();
    expectEachOpOnce(server, [a]);
    const stored = server.devices.get('dev-a')!.receipts;
    expect(await a.receiptTexts()).toEqual([1, 2].map((seq) => new TextDecoder().decode(stored.get(seq)!.bytes)));
  });

  it('a revoked device stops with DEVICE_REVOKED, a plain Chinese next step, and keeps its changes', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    server.revoke('dev-a');
    const error = await a
      .engine(server.transport())
      .run()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SyncError);
    const e = error as SyncError;
    expect(e.code).toBe('DEVICE_REVOKED');
    expect(e.transient).toBe(false);
    expect(e.text.zh).toContain('吊销');
    expect(e.text.zh).toContain('联系省级管理员');
    expect(server.log).toHaveLength(0);
    expect((await a.engine(server.transport()).status()).pendingTotal).toBe(6);
  });

  it('transient failures are retried a bounded number of times, then reported as NETWORK with the USB way out', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    const down = new FaultyTransport(server.transport(), () => 'dropRequest');
    const error = (await a
      .engine(down)
      .run()
      .catch((e: unknown) => e)) as SyncError;
    expect(error.code).toBe('NETWORK');
    expect(error.text.zh).toContain('U盘');
    expect(down.log).toHaveLength(4); // the test policy allows 4 attempts
    await a.engine(server.transport()).run();
    expectEachOpOnce(server, [a]);
  });

  it('USB export is byte-identical to what an online push sends, and an admin import first makes the push a duplicate', async () => {
    const { server, a } = await setup(kit);
    await someEdits(a);
    const exported = await a.engine(server.transport()).exportPendingPackages();
    const again = await a.engine(server.transport()).exportPendingPackages();
    expect(again.map((p) => p.bytes)).toEqual(exported.map((p) => p.bytes));
    // the admin imports the USB files (npm run admin -- import-package FILE) …
    for (const p of exported) expect((await server.push(p.bytes)).status).toBe(200);
    // … and the device later also syncs online: the same bytes go out and come back as duplicates.
    const wire = spy(server.transport());
    await a.engine(wire).run();
    expect(wire.pushed).toEqual(exported.map((p) => p.bytes));
    expectEachOpOnce(server, [a]);
  });

  it('a USB return package applies like a pull, acknowledges the exported packages, and importing it twice changes nothing', async () => {
    const { server, a, b } = await setup(kit);
    await someEdits(a);
    await b.edit('demand', REC, { name: '秸秆还田（乙）' });
    await b.engine(server.transport()).run();
    for (const p of await a.engine(server.transport()).exportPendingPackages()) await server.push(p.bytes);
    const file = await server.returnPage('dev-a', null, 10_000);

    const first = await a.engine(server.transport()).importReturnPackage(file);
    expect(first.acknowledgedSeq).toBe(2);
    const afterOnce = { digest: stateDigest(await a.state()), counters: await a.store.counters() };
    expect(afterOnce.counters.pendingByEntity).toEqual({});
    await a.engine(server.transport()).importReturnPackage(file);
    expect(stateDigest(await a.state())).toBe(afterOnce.digest);
    expect(await a.store.counters()).toEqual(afterOnce.counters);
    expect(afterOnce.digest).toBe(stateDigest(server.scopedState(COUNTY)));

    // the same result as syncing online
    const online = await makeDevice(server, 'dev-c', COUNTY, Date.now, kit);
    await online.engine(server.transport()).run();
    expect(stateDigest(await online.state())).toBe(afterOnce.digest);
  });

  it('a return package for another device, or altered by one byte, is refused and changes nothing', async () => {
    const { server, a, b } = await setup(kit);
    await b.edit('demand', REC, { name: '他人的需求' });
    await b.engine(server.transport()).run();
    const forB = await server.returnPage('dev-b', null, 100);
    await expect(a.engine(server.transport()).importReturnPackage(forB)).rejects.toMatchObject({
      code: 'WRONG_DEVICE',
    });
    const forA = await server.returnPage('dev-a', null, 100);
    const text = new TextDecoder().decode(forA).replace('他人的需求', '篡改的需求');
    await expect(
      a.engine(server.transport()).importReturnPackage(new TextEncoder().encode(text)),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_SIGNATURE' });
    expect((await a.state()).records.size).toBe(0);
  });

  it('a device whose clock is a day off gets CLOCK_SKEW but its data syncs both ways', async () => {
    const server = new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')));
    const slow = await makeDevice(server, 'dev-slow', COUNTY, () => Date.now() - DAY, kit);
    const fast = await makeDevice(server, 'dev-fast', COUNTY, () => Date.now() + DAY, kit);
    await slow.edit('demand', REC, { name: '慢钟设备的需求' });
    await fast.edit('demand', REC2, { name: '快钟设备的需求' });
    const fastReport = await fast.engine(server.transport()).run();
    const slowReport = await slow.engine(server.transport()).run();
    await fast.engine(server.transport()).run();
    for (const report of [fastReport, slowReport]) expect(report.warnings.map((w) => w.code)).toEqual(['CLOCK_SKEW']);
    expect(slowReport.warnings[0]!.text.zh).toContain('慢');
    // and the 同步 page keeps showing it after the sync
    expect((await slow.engine(server.transport()).status()).warnings.map((w) => w.code)).toEqual(['CLOCK_SKEW']);
    expect((await a0(server, kit)).warnings).toEqual([]);
    expectEachOpOnce(server, [slow, fast]);
    expect(stateDigest(await slow.state())).toBe(stateDigest(server.scopedState(COUNTY)));
    expect(stateDigest(await fast.state())).toBe(stateDigest(server.scopedState(COUNTY)));
  });

  it('concurrent edits of one field are listed as the same conflict on every device', async () => {
    const { server, a, b } = await setup(kit);
    await a.edit('demand', REC, { name: '原始名称' });
    await a.engine(server.transport()).run();
    await b.engine(server.transport()).run();
    await a.edit('demand', REC, { name: '甲改的名称' });
    await b.edit('demand', REC, { name: '乙改的名称' });
    await a.engine(server.transport()).run();
    await b.engine(server.transport()).run();
    await a.engine(server.transport()).run();
    const conflicts = conflictsOf(await a.state());
    expect(conflicts).toHaveLength(1);
    expect(new Set([conflicts[0]!.winner.value, conflicts[0]!.loser.value])).toEqual(
      new Set(['甲改的名称', '乙改的名称']),
    );
    expect(conflictsOf(await b.state())).toEqual(conflicts);
    expect((await a.store.counters()).conflicts).toBe(1);
  });

  it('changes waiting more than 24 hours raise PENDING_OLD on the status', async () => {
    let now = Date.now();
    const { server, a } = await setup(kit, () => now);
    await someEdits(a);
    expect((await a.engine(server.transport()).status()).warnings).toEqual([]);
    now += 25 * 3_600_000;
    const status = await a.engine(server.transport()).status();
    expect(status.warnings.map((w) => w.code)).toEqual(['PENDING_OLD']);
    expect(status.pendingByEntity).toEqual({ demand: 6 });
    expect(status.warnings[0]!.text.zh).toContain('25 小时');
  });

  it('a device that is not initialised cannot sync and says how to enrol', async () => {
    const { server, a } = await setup(kit);
    const { store: blank } = await kit.open();
    const e = (await a
      .engine(server.transport(), { store: blank })
      .run()
      .catch((x: unknown) => x)) as SyncError;
    expect(e.code).toBe('NOT_ENROLLED');
    expect(e.text.zh).toContain('注册');
  });
});
