/**
 * Headless devices (the device CLI's file store and engine) against the REAL provincial server (server/src/app.ts
 * on PostgreSQL, a real socket), with a device clock the test controls.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyOps, emptyState, type MergeState, type Op } from '@shared/change';
import { SCHEMA_VERSION } from '@shared/domain';
import { SyncEngine, type RetryPolicy, type SyncReport, type Transport } from '@shared/sync';
import { adminHeaders, type ServerHarness } from '../../server/harness';
import { parseArgs } from '../../../../device/src/cli/args';
import { runCommand } from '../../../../device/src/cli/commands';
import { openStore, serverKeysOf } from '../../../../device/src/device-home';
import { FileLock } from '../../../../device/src/file-lock';
import { HttpTransport } from '../../../../device/src/http-transport';
import { loadDeviceKey } from '../../../../device/src/keystore';
import { createRecord } from '../../../../device/src/local-writes';
import { isKnownField } from '@shared/domain';

export const DAY_MS = 24 * 3_600_000;

export const cmd = (home: string, ...args: string[]): Promise<Record<string, unknown>> =>
  runCommand(parseArgs(args), home);

export interface RealDevice {
  name: string;
  home: string;
  county: string;
  id: string;
  /** opIds this device wrote. */
  made: Set<string>;
}

/** What the write helpers need of a device: its folder, and the opIds it wrote. */
export type WritingDevice = Pick<RealDevice, 'home' | 'made'>;

export async function enrolledDevice(
  server: ServerHarness,
  url: string,
  dir: string,
  name: string,
  county: string,
): Promise<RealDevice> {
  const home = join(dir, name);
  await cmd(home, 'init', '--county', county, '--operator', `操作员${name}`);
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county },
  });
  await cmd(home, 'enroll', '--server', url, '--code', (res.json() as { code: string }).code);
  return { name, home, county, id: (await cmd(home, 'status')).deviceId as string, made: new Set() };
}

export const demand = (n: number | string): Record<string, unknown> => ({
  enterprise: '0190a1b2-c3d4-7000-8000-000000000001',
  name: `联动需求 ${n}`,
  problem: '能耗偏高，需要节能降耗新工艺',
  keywords: ['节能'],
  techField: 'electronic_info',
});

/** A CLI write (add / update) through a JSON file; notes the ops it queued. */
export async function write(
  d: WritingDevice,
  args: string[],
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const file = join(d.home, 'edit.json');
  writeFileSync(file, JSON.stringify(values));
  const result = await cmd(d.home, ...args, '--json', file);
  noteOutbox(d);
  return result;
}

/** Records demand `n` on the device with its clock reading `now` (a PC whose clock is wrong), as `device add` does. */
export function addDemandAt(d: WritingDevice, n: number, now: () => number): string {
  const store = openStore(d.home);
  try {
    return createRecord(store, 'demand', demand(n), now).recordId;
  } finally {
    store.close();
    noteOutbox(d);
  }
}

export function noteOutbox(d: WritingDevice): void {
  const store = openStore(d.home);
  for (const id of store.replica().outbox.keys()) d.made.add(id);
  store.close();
}

/** One engine run on the device's store, the device clock reading now(). */
export async function syncDevice(
  d: RealDevice,
  url: string,
  options: { now?: () => number; wrap?: (t: Transport) => Transport; pull?: boolean; retry?: RetryPolicy } = {},
): Promise<SyncReport> {
  const store = openStore(d.home);
  try {
    const engine = new SyncEngine({
      store,
      transport: (options.wrap ?? ((t) => t))(new HttpTransport(url)),
      lock: new FileLock(d.home),
      signer: await loadDeviceKey(d.home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'test',
      now: options.now,
      sleep: async () => undefined,
      retry: options.retry,
    });
    return await engine.run({ pull: options.pull });
  } finally {
    store.close();
  }
}

export function deviceState(d: RealDevice): MergeState {
  const store = openStore(d.home);
  const state = store.replica().state;
  store.close();
  return state;
}

export async function serverOps(server: ServerHarness): Promise<Op[]> {
  const { rows } = await server.pool.query<Record<string, unknown>>(
    'SELECT op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version, source FROM ops ORDER BY server_seq',
  );
  return rows.map((r) => ({
    opId: r.op_id as string,
    entity: r.entity as Op['entity'],
    recordId: r.record_id as string,
    field: r.field as string,
    value: (r.value ?? null) as Op['value'],
    hlc: r.hlc as string,
    baseHlc: r.base_hlc as string | null,
    device: r.device as string,
    operator: r.operator as string,
    county: r.county as string,
    schemaVersion: r.schema_version as number,
    ...(r.source ? { source: r.source as Op['source'] } : {}),
  }));
}

/** What a device of `county` must hold: the server's op log for its county and the province's reference data. */
export function countyView(ops: readonly Op[], county: string, known = isKnownField): MergeState {
  const state = emptyState();
  applyOps(
    state,
    ops.filter((op) => op.county === county || op.county === '13'),
    { isKnownField: known },
  );
  return state;
}

/** An engine on the device store (for USB export / import), the caller closes the store. */
export async function engineOf(
  d: RealDevice,
  limits?: { maxOps?: number },
): Promise<{ engine: SyncEngine; close: () => void }> {
  const store = openStore(d.home);
  const engine = new SyncEngine({
    store,
    transport: { push: () => Promise.reject(new Error('offline')), pull: () => Promise.reject(new Error('offline')) },
    lock: new FileLock(d.home),
    signer: await loadDeviceKey(d.home),
    serverKeys: () => serverKeysOf(store),
    schemaVersion: SCHEMA_VERSION,
    appVersion: 'test',
    limits,
  });
  return { engine, close: () => store.close() };
}
