/**
 * A refused package is never a dead end, against the REAL provincial server on PostgreSQL (docs/sync-protocol.md,
 * "Ways out"): for each refusal of a package's ops the device holds back exactly the offending ops (待处理的修改),
 * reseals the rest under the same seq, the server accepts it, and nothing accepted before is lost or changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock, makeFieldOps, type JsonValue, type Op } from '@shared/change';
import { SCHEMA_VERSION } from '@shared/domain';
import { useServer } from '../server/harness';
import { openStore } from '../../../device/src/device-home';
import {
  cmd,
  demand,
  enrolledDevice,
  noteOutbox,
  serverOps,
  syncDevice,
  write,
  type RealDevice,
} from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-waysout-'));

beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ops written straight into the device store, past the local write rules (a forged or older client). */
function rawWrite(
  d: RealDevice,
  county: string,
  entity: Op['entity'],
  recordId: string,
  changes: Record<string, JsonValue>,
): Op[] {
  const store = openStore(d.home);
  try {
    const ops = makeFieldOps({
      clock: createClock('00000000000000aa', Date.now),
      device: d.id,
      operator: '操作员',
      county,
      schemaVersion: SCHEMA_VERSION,
      entity,
      recordId,
      changes,
      base: null,
    });
    store.writeLocal(ops, new Date().toISOString());
    return ops;
  } finally {
    store.close();
    noteOutbox(d);
  }
}

async function quarantined(device: string): Promise<string[]> {
  const { rows } = await server.pool.query<{ reason: string }>(
    'SELECT reason FROM quarantine WHERE device = $1 ORDER BY id',
    [device],
  );
  return rows.map((r) => r.reason);
}

const opIds = (ops: readonly Op[]): string[] => ops.map((op) => op.opId).sort();

describe('ways out of a refused package (real server)', () => {
  it('op-invalid: the invalid op is held back with its reason and field, the rest of the same seq is accepted', async () => {
    const d = await enrolledDevice(server, url, dir, 'invalid', '130132');
    await write(d, ['add', 'demand'], demand(1));
    expect((await syncDevice(d, url, { pull: false })).acknowledgedSeq).toBe(1);
    const accepted = opIds(await serverOps(server)).length;

    await write(d, ['add', 'demand'], demand(2));
    const bad = rawWrite(d, '130132', 'demand', '0190a1b2-c3d4-7000-8000-00000000f001', { techField: '不存在的领域' });
    const report = await syncDevice(d, url, { pull: false });

    expect(await quarantined(d.id)).toEqual(['op-invalid']);
    expect(report.acknowledgedSeq).toBe(2); // the same seq 2, resealed without the invalid op
    expect(report.held).toBe(1);
    const onServer = (await serverOps(server)).filter((op) => op.device === d.id);
    expect(onServer.map((op) => op.opId)).not.toContain(bad[0]!.opId);
    expect(onServer.length).toBe(d.made.size - 1);
    expect((await serverOps(server)).length).toBeGreaterThanOrEqual(accepted);

    const status = await cmd(d.home, 'status');
    expect(status).toMatchObject({ heldOps: 1, unacknowledgedPackages: 0 });
    const [held] = status.held as { opId: string; reason: string; field: string; message: { zh: string } }[];
    expect(held).toMatchObject({ opId: bad[0]!.opId, reason: 'op-invalid', field: 'techField' });
    expect(held!.message.zh).toContain('其余修改已照常上报');

    // The clerk discards it: nothing waits any more and the next sync is clean.
    expect(await cmd(d.home, 'discard', bad[0]!.opId)).toMatchObject({ discarded: 1 });
    const clean = await syncDevice(d, url, { pull: false });
    expect(clean).toMatchObject({ held: 0, pushed: 0 });
    expect(await quarantined(d.id)).toEqual(['op-invalid']);
  });

  it('county-scope: ops of another county that got past the device (a stale scope) are held back; the rest is accepted', async () => {
    const d = await enrolledDevice(server, url, dir, 'scope', '130132');
    // The device wrongly believes it is a province office (a stale or forged scope): its own check lets the ops by.
    const store = openStore(d.home);
    const id = store.replica().identity!;
    store.init({ ...id, scope: { level: 'province', code: '130000' } }, { ...store.meta() }, true);
    store.close();
    await write(d, ['add', 'demand'], demand(3));
    const foreign = rawWrite(d, '130628', 'demand', '0190a1b2-c3d4-7000-8000-00000000f002', { name: '外县需求' });

    const report = await syncDevice(d, url, { pull: false });
    expect(await quarantined(d.id)).toEqual(['county-scope']);
    expect(report).toMatchObject({ acknowledgedSeq: 1, held: foreign.length });
    const onServer = (await serverOps(server)).filter((op) => op.device === d.id);
    expect(onServer.every((op) => op.county === '130132')).toBe(true);
    expect(onServer.length).toBe(d.made.size - foreign.length);

    // Held by the server's word: the device's own (wrong) scope does not send them again.
    await syncDevice(d, url, { pull: false });
    expect(await quarantined(d.id)).toEqual(['county-scope']);
    expect((await cmd(d.home, 'held')).held).toHaveLength(foreign.length);
  });

  it('revoked: the refusal is not turned into held changes; the sealed package and its ops stay on the device', async () => {
    const d = await enrolledDevice(server, url, dir, 'revoked', '130132');
    await write(d, ['add', 'demand'], demand(4));
    await server.pool.query("UPDATE devices SET status = 'revoked', revoked_at = now() WHERE id = $1", [d.id]);
    await expect(syncDevice(d, url, { pull: false })).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(await cmd(d.home, 'status')).toMatchObject({ heldOps: 0, unacknowledgedPackages: 1 });
  });
});
