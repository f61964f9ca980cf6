/**
 * Nothing out of scope is ever sealed, and a refused package is never a dead end (docs/sync-protocol.md, "Ways
 * out"): the engine holds back what cannot be accepted (待处理的修改), the rest syncs, and nothing the server
 * accepted is ever unsealed or changed.
 */
import { describe, expect, it } from 'vitest';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { holdReasonText, replica as R, SyncError, type MemorySyncStore } from '@shared/sync';
import { ReferenceServer } from './support/reference-server';
import { makeDevice, type TestDevice } from './support/test-device';

/** These devices run on the memory store (makeDevice's default), whose replica data a test may read and set. */
const memory = (d: TestDevice): MemorySyncStore => d.store as MemorySyncStore;

const COUNTY = '130132';
const OTHER = '130628';
const REC = '0190a1b2-c3d4-7000-8000-0000000000a1';
const STRAY = '0190a1b2-c3d4-7000-8000-0000000000a2';
const REC3 = '0190a1b2-c3d4-7000-8000-0000000000a3';

async function setup(): Promise<{ server: ReferenceServer; a: TestDevice }> {
  const server = new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')));
  return { server, a: await makeDevice(server, 'dev-a', COUNTY) };
}

const logged = (server: ReferenceServer): string[] => server.log.map((op) => op.opId).sort();
const ids = (ops: { opId: string }[]): string[] => ops.map((op) => op.opId).sort();

describe('held-back changes (待处理的修改)', () => {
  it('an op outside the scope is never sealed: it is listed with its reason, and the rest of the outbox syncs', async () => {
    const { server, a } = await setup();
    const mine = await a.edit('demand', REC, { name: '秸秆综合利用', budget: 120 });
    const stray = await a.editIn(OTHER, 'enterprise', STRAY, { name: '安平丝网厂' });
    const report = await a.engine(server.transport()).run();

    expect(logged(server)).toEqual(ids(mine));
    expect(server.quarantine).toEqual([]);
    expect(report.held).toBe(stray.length);
    const held = await a.store.heldOps();
    expect(ids(held.map((h) => h.op))).toEqual(ids(stray));
    expect(held[0]!.reason).toEqual({ code: 'out-of-scope', county: OTHER });
    expect(holdReasonText(held[0]!.reason).zh).toContain(OTHER);
    const status = await a.engine(server.transport()).status();
    expect(status.heldOps).toBe(stray.length);
    expect(status.unacknowledgedPackages).toBe(0);
    // Never sealed, so a USB export carries none of it either.
    expect(await a.engine(server.transport()).exportPendingPackages()).toEqual([]);
  });

  it('province-owned reference data is held back from a county device', async () => {
    const { server, a } = await setup();
    await a.editIn('13', 'industry', 'IND-01', { name: '装备制造' });
    await a.engine(server.transport()).run();
    const [h] = await a.store.heldOps();
    expect(h!.reason.code).toBe('province-owned');
    expect(server.log).toEqual([]);
  });

  it('the clerk fixes the record: moving it into the county releases its held changes under that county', async () => {
    const { server, a } = await setup();
    const stray = await a.editIn(OTHER, 'enterprise', STRAY, { name: '丝网厂', county: OTHER });
    await a.engine(server.transport()).run();
    expect(await a.store.heldOps()).toHaveLength(2);

    const fix = await a.edit('enterprise', STRAY, { county: COUNTY });
    const report = await a.engine(server.transport()).run();
    expect(report.held).toBe(0);
    expect(await a.store.heldOps()).toEqual([]);
    // The name goes up under the fixed county; the superseded county value is dropped, the fix goes up.
    const nameOp = stray.find((op) => op.field === 'name')!;
    expect(server.log.map((op) => [op.opId, op.county])).toEqual(
      expect.arrayContaining([
        [nameOp.opId, COUNTY],
        [fix[0]!.opId, COUNTY],
      ]),
    );
    expect(server.log).toHaveLength(2);
    expect(server.quarantine).toEqual([]);
  });

  it('discarding a held change removes it for good; a record made only of held changes leaves the device', async () => {
    const { server, a } = await setup();
    const stray = await a.editIn(OTHER, 'enterprise', STRAY, { name: '丝网厂' });
    await a.engine(server.transport()).run();
    expect(await a.engine(server.transport()).discardHeld(ids(stray))).toBe(stray.length);
    expect(await a.store.heldOps()).toEqual([]);
    expect(memory(a).data.state.records.size).toBe(0);
    expect((await a.engine(server.transport()).status()).pendingTotal).toBe(0);
  });

  it('discard refuses an op that is not held back (nothing queued for sending can be thrown away by mistake)', async () => {
    const { a } = await setup();
    const [op] = await a.edit('demand', REC, { name: '水肥一体化' });
    await expect(a.store.discardHeld([op!.opId])).rejects.toThrow(R.ReplicaCommandError);
    expect(await a.store.unsealedOps()).toHaveLength(1);
  });
});

describe('a refused package is never a dead end', () => {
  it('scope refusal (the province moved the device): unseal the refused seq, hold back the foreign ops, reseal the rest under the same seq', async () => {
    const { server, a } = await setup();
    const first = await a.edit('demand', REC, { name: '第一批' });
    await a.engine(server.transport()).run();
    expect(server.devices.get('dev-a')!.tip!.seq).toBe(1);

    // The device writes an edit the server will count as out of scope (the server holds it to its county, and
    // the op names another): the device's own check passes because its scope (wrongly) says province-wide.
    memory(a).data.identity = { ...memory(a).data.identity!, scope: { level: 'province', code: '130000' } };
    const foreign = await a.editIn(OTHER, 'demand', REC3, { name: '外县需求' });
    const mine = await a.edit('demand', REC, { budget: 99 });
    const report = await a.engine(server.transport()).run();

    expect(server.quarantine.map((q) => q.code)).toEqual(['OUT_OF_SCOPE']);
    expect(report.acknowledgedSeq).toBe(2); // the same seq 2, resealed without the foreign ops
    expect(logged(server)).toEqual(ids([...first, ...mine]));
    const held = await a.store.heldOps();
    expect(ids(held.map((h) => h.op))).toEqual(ids(foreign));
    expect(held[0]!.reason.code).toBe('out-of-scope');
    // A server-refused hold is not released by the device's own (different) view of its scope.
    await a.engine(server.transport()).run();
    expect(server.quarantine).toHaveLength(1);
    expect(await a.store.heldOps()).toHaveLength(foreign.length);
  });

  it('op refusal naming ops (poison text, an illegal status move …): the named ops wait with their reason, the rest is accepted', async () => {
    const { server, a } = await setup();
    server.opRule = (op) => (typeof op.value === 'string' && op.value.includes('\u0000') ? 'poison-text' : null);
    const good = await a.edit('demand', REC, { name: '好需求' });
    const bad = await a.edit('demand', REC3, { name: '坏\u0000需求' });
    const report = await a.engine(server.transport()).run();

    expect(server.quarantine.map((q) => q.code)).toEqual(['op-invalid']);
    expect(logged(server)).toEqual(ids(good));
    expect(report.acknowledgedSeq).toBe(1);
    const [h] = await a.store.heldOps();
    expect(h!.op.opId).toBe(bad[0]!.opId);
    expect(h!.reason).toMatchObject({ code: 'op-invalid', field: 'name' });
    expect(holdReasonText(h!.reason).zh).toContain('op-invalid');

    // The clerk corrects the field: the later op supersedes the held one, which leaves the outbox.
    const fixed = await a.edit('demand', REC3, { name: '好需求二' });
    await a.engine(server.transport()).run();
    expect(await a.store.heldOps()).toEqual([]);
    expect(logged(server)).toEqual(ids([...good, ...fixed]));
  });

  it('an unforeseen refusal naming no ops holds the refused package back, and "send again" retries once the cause is fixed', async () => {
    const { server, a } = await setup();
    const ops = await a.edit('demand', REC, { name: '需求' });
    server.refuseAllWith = 'record-rule';
    const report = await a.engine(server.transport()).run();
    expect(report.held).toBe(ops.length);
    expect(report.acknowledgedSeq).toBe(0);
    expect(await a.store.chainTip()).toBeNull(); // the refused seq was unsealed, never accepted

    server.refuseAllWith = null;
    expect(await a.engine(server.transport()).retryHeld()).toBe(ops.length);
    const again = await a.engine(server.transport()).run();
    expect(again.acknowledgedSeq).toBe(1);
    expect(logged(server)).toEqual(ids(ops));
  });

  it('a refusal about the device is not turned into held changes: revoked stops the run with its own way out', async () => {
    const { server, a } = await setup();
    await a.edit('demand', REC, { name: '需求' });
    server.revoke('dev-a');
    await expect(a.engine(server.transport()).run()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(await a.store.heldOps()).toEqual([]);
    expect((await a.store.pendingPackages()).length).toBe(1);
  });

  it('nothing accepted is ever unsealed: holdBack from an acknowledged seq is refused and changes nothing', async () => {
    const { server, a } = await setup();
    await a.edit('demand', REC, { name: '需求' });
    await a.engine(server.transport()).run();
    await a.edit('demand', REC, { budget: 5 });
    await a.engine(server.transport()).exportPendingPackages();
    const before = JSON.stringify([...memory(a).data.outbox.entries()]);
    await expect(a.store.holdBack({ fromSeq: 1, hold: [], release: [], drop: [] })).rejects.toThrow(
      R.ReplicaCommandError,
    );
    expect(JSON.stringify([...memory(a).data.outbox.entries()])).toBe(before);
    expect(SyncError).toBeDefined();
  });
});
