/**
 * The headless client against the REAL provincial server (server/src/app.ts on embedded PostgreSQL) over a real
 * socket: enrolment with a code, pushing chained packages, the same receipt on a resend, a lost answer, a gap,
 * a clock a day off, and a revoked device. Pull is not implemented by the server yet (docs/sync-protocol.md §3),
 * so these runs are push-only; the full three-devices-plus-one round trip needs POST /v1/pull.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncEngine, SyncError, type Transport } from '@shared/sync';
import { SCHEMA_VERSION } from '@shared/domain';
import { adminHeaders, useServer } from '../server/harness';
import { parseArgs } from '../../../device/src/cli/args';
import { runCommand } from '../../../device/src/cli/commands';
import { makeEngine, openStore, serverKeysOf } from '../../../device/src/device-home';
import { FileLock } from '../../../device/src/file-lock';
import { HttpTransport } from '../../../device/src/http-transport';
import { loadDeviceKey } from '../../../device/src/keystore';
import { FaultyTransport, type TransportFault } from '../../unit/sync/support/faults';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-real-'));

beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demand = (n: number): Record<string, unknown> => ({
  enterprise: '0190a1b2-c3d4-7000-8000-000000000001',
  name: `真实服务器需求 ${n}`,
  problem: '能耗偏高，需要节能降耗新工艺',
  keywords: ['节能'],
  techField: 'electronic_info',
});

const cmd = (home: string, ...args: string[]): Promise<Record<string, unknown>> => runCommand(parseArgs(args), home);

async function enrolledDevice(name: string, county: string): Promise<string> {
  const home = join(dir, name);
  await cmd(home, 'init', '--county', county, '--operator', `操作员${name}`);
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county },
  });
  expect(res.statusCode).toBe(201);
  await cmd(home, 'enroll', '--server', url, '--code', (res.json() as { code: string }).code);
  return home;
}

async function addDemands(home: string, from: number, count: number): Promise<void> {
  const file = join(home, 'input.json');
  writeFileSync(file, JSON.stringify(Array.from({ length: count }, (_, i) => demand(from + i))));
  await cmd(home, 'add', 'demand', '--json', file);
}

async function opIdsOnServer(): Promise<string[]> {
  return (await server.pool.query<{ op_id: string }>('SELECT op_id FROM ops ORDER BY op_id')).rows.map((r) => r.op_id);
}

/** Push with an engine on the device's file store; `transport` wraps the real HTTP transport. */
async function push(
  home: string,
  wrap: (t: Transport) => Transport = (t) => t,
  now?: () => number,
): Promise<Awaited<ReturnType<SyncEngine['run']>>> {
  const store = openStore(home);
  try {
    const engine = now
      ? new SyncEngine({
          store,
          transport: wrap(new HttpTransport(url)),
          lock: new FileLock(home),
          signer: await loadDeviceKey(home),
          serverKeys: () => serverKeysOf(store),
          schemaVersion: SCHEMA_VERSION,
          appVersion: 'test',
          now,
        })
      : await makeEngine(home, store, wrap(new HttpTransport(url)));
    return await engine.run({ pull: false });
  } finally {
    store.close();
  }
}

async function madeOpIds(homes: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const home of homes) {
    const store = openStore(home);
    for (const e of store.replica().outbox.values()) ids.push(e.op.opId);
    store.close();
  }
  return ids;
}

describe('device client → real provincial server (push)', () => {
  it('three devices of one county and one of another push everything exactly once, even with lost answers', async () => {
    const homes = [
      await enrolledDevice('a1', '130132'),
      await enrolledDevice('a2', '130132'),
      await enrolledDevice('a3', '130132'),
      await enrolledDevice('b1', '130203'),
    ];
    for (const [i, home] of homes.entries()) await addDemands(home, i * 10, 3);
    const made = await madeOpIds(homes);
    const before = await opIdsOnServer();

    const faults: TransportFault[] = ['dropResponse', 'duplicate', 'dropRequest'];
    for (const home of homes) {
      const report = await push(home, (t) => new FaultyTransport(t, () => faults.shift() ?? 'none'));
      expect(report.acknowledgedSeq).toBe(1);
      expect((await cmd(home, 'status')).pendingTotal).toBe(0);
    }
    const after = await opIdsOnServer();
    expect(after.filter((id) => !before.includes(id)).sort()).toEqual([...made].sort());
  });

  it('a resent package gets the same receipt; a later package sent first gets a gap and the engine fills it', async () => {
    const home = await enrolledDevice('gap', '130132');
    await addDemands(home, 100, 1);
    const store = openStore(home);
    const engine = new SyncEngine({
      store,
      transport: new HttpTransport(url),
      lock: new FileLock(home),
      signer: await loadDeviceKey(home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'test',
      limits: { maxOps: 4 },
    });
    const packages = await engine.exportPendingPackages();
    expect(packages.length).toBeGreaterThan(1);
    const http = new HttpTransport(url);
    expect(await http.push(packages[1]!.bytes)).toEqual({ kind: 'gap', expectedSeq: 1 });
    await engine.run({ pull: false });
    expect((await store.counters()).acknowledgedSeq).toBe(packages.length);
    const again = await http.push(packages[0]!.bytes);
    expect(again.kind).toBe('receipt');
    expect(new TextDecoder().decode((again as { bytes: Uint8Array }).bytes)).toBe(
      store.replica().receipts.find((r) => r.seq === 1)!.text,
    );
    store.close();
  });

  it('a device whose clock is a day ahead is warned (CLOCK_SKEW) and its changes are accepted', async () => {
    const home = await enrolledDevice('skew', '130132');
    await addDemands(home, 200, 1);
    const report = await push(home, undefined, () => Date.now() + 24 * 3_600_000);
    expect(report.warnings.map((w) => w.code)).toEqual(['CLOCK_SKEW']);
    expect(report.acknowledgedSeq).toBe(1);
  });

  it('a revoked device is refused with DEVICE_REVOKED and a Chinese next step; its changes stay on the device', async () => {
    const home = await enrolledDevice('revoked', '130132');
    const deviceId = (await cmd(home, 'status')).deviceId as string;
    const revoke = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${deviceId}/revoke`,
      headers: adminHeaders,
      payload: {},
    });
    expect(revoke.statusCode).toBe(200);
    await addDemands(home, 300, 1);
    const error = (await push(home).catch((e: unknown) => e)) as SyncError;
    expect(error).toBeInstanceOf(SyncError);
    expect(error.code).toBe('DEVICE_REVOKED');
    expect(error.text.zh).toContain('吊销');
    expect((await cmd(home, 'status')).pendingTotal).toBe(9);
  });
});
