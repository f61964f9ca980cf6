/**
 * Acceptance through the REAL provincial server (server/src/app.ts, embedded PostgreSQL, a real socket):
 * three devices of one county — two headless device clients and one DESKTOP device running the browser shell's own
 * stack (renderer Dexie store + DeviceSync over the host services bridge, support/desktop-device.ts) — and one
 * headless device of another county edit — two of them the same field at the same time — and sync
 * while the network drops requests, loses answers, duplicates and reorders deliveries; then a PC a day ahead (refused
 * with clock-ahead, re-stamped once fixed) and one a day behind (its stamps lose) join. After two clean rounds
 * every device holds exactly the state the server's op log gives for its county, nothing made is missing on the
 * server, and the conflict is listed alike on every device of the county.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyOps,
  conflictsOf,
  emptyState,
  stateDigest,
  type Conflict,
  type MergeState,
  type Op,
} from '@shared/change';
import { SyncEngine, SyncError } from '@shared/sync';
import { SCHEMA_VERSION } from '@shared/domain';
import { adminHeaders, useServer } from '../server/harness';
import { makeEngine, openStore, serverKeysOf } from '../../../device/src/device-home';
import { FileLock } from '../../../device/src/file-lock';
import { loadDeviceKey } from '../../../device/src/keystore';
import { HttpTransport } from '../../../device/src/http-transport';
import { FaultyTransport, TRANSPORT_FAULTS, type TransportFault } from '../../unit/sync/support/faults';
import { isKnownField } from '@shared/domain';
import { addDemandAt, cmd, DAY_MS, demand, write } from './support/real-devices';
import {
  desktopConflicts,
  desktopPending,
  desktopSave,
  desktopState,
  desktopSync,
  enrolledDesktop,
  FETCH_FAULTS,
  type DesktopDevice,
  type FetchFault,
} from './support/desktop-device';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-e2e-'));
beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random numbers (the scenario must be reproducible). */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Headless {
  kind: 'headless';
  name: string;
  home: string;
  county: string;
  made: Set<string>;
}

type Device = Headless | DesktopDevice;

async function device(name: string, county: string): Promise<Headless> {
  const home = join(dir, name);
  await cmd(home, 'init', '--county', county, '--operator', `操作员${name}`);
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county },
  });
  await cmd(home, 'enroll', '--server', url, '--code', (res.json() as { code: string }).code);
  return { kind: 'headless', name, home, county, made: new Set() };
}

async function sync(d: Headless, faults: TransportFault[] = []): Promise<void> {
  const store = openStore(d.home);
  try {
    const queue = [...faults];
    const engine = await makeEngine(
      d.home,
      store,
      new FaultyTransport(new HttpTransport(url), () => queue.shift() ?? 'none'),
    );
    await engine.run();
  } catch (e) {
    if (!(e instanceof SyncError && e.transient)) throw e;
  } finally {
    store.close();
  }
}

async function syncWithClock(d: Headless, now: () => number) {
  const store = openStore(d.home);
  try {
    const engine = new SyncEngine({
      store,
      transport: new HttpTransport(url),
      lock: new FileLock(d.home),
      signer: await loadDeviceKey(d.home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'test',
      now,
    });
    return await engine.run();
  } finally {
    store.close();
  }
}

function deviceState(d: Headless): MergeState {
  const store = openStore(d.home);
  const state = store.replica().state;
  store.close();
  return state;
}

/** An edit of one record, through the device's own write path (the CLI, or the app's repositories). */
async function update(d: Device, recordId: string, values: Record<string, string>): Promise<void> {
  if (d.kind === 'desktop') await desktopSave(d, 'demand', recordId, values);
  else await write(d, ['update', 'demand', recordId], values);
}

/** The network faults this device's transport can meet: the headless engine's transport, the host's fetch. */
const faultsOf = (d: Device): readonly (TransportFault | FetchFault)[] =>
  d.kind === 'desktop' ? FETCH_FAULTS : TRANSPORT_FAULTS;

async function syncAny(d: Device, faults: readonly (TransportFault | FetchFault)[] = []): Promise<void> {
  if (d.kind === 'desktop') await desktopSync(d, faults as FetchFault[]);
  else await sync(d, faults as TransportFault[]);
}

const stateOf = async (d: Device): Promise<MergeState> => (d.kind === 'desktop' ? desktopState(d) : deviceState(d));

const pendingOf = async (d: Device): Promise<number> =>
  d.kind === 'desktop' ? desktopPending(d) : ((await cmd(d.home, 'status')).pendingTotal as number);

const conflictOrder = (c: Conflict): string => `${c.entity}/${c.recordId}/${c.field}`;
const sorted = (list: Conflict[]): Conflict[] =>
  [...list].sort((x, y) => conflictOrder(x).localeCompare(conflictOrder(y)));

async function serverOps(): Promise<Op[]> {
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

describe('three devices of one county and one of another, through the real server with network faults', () => {
  it('converge to the server’s state with nothing lost and the conflict listed everywhere', async () => {
    const desktop = await enrolledDesktop(server, url, dir, 'a3', '130132');
    const a: Device[] = [await device('a1', '130132'), await device('a2', '130132'), desktop];
    const b = await device('b1', '130203');
    const all = [...a, b];
    const random = prng(20261128);

    const ids: Record<string, string[]> = { '130132': [], '130203': [] };
    const a1 = a[0] as Headless;
    for (let n = 0; n < 3; n++) ids['130132']!.push((await write(a1, ['add', 'demand'], demand(n))).id as string);
    for (let n = 0; n < 2; n++) ids['130203']!.push((await write(b, ['add', 'demand'], demand(10 + n))).id as string);
    for (const d of all) await syncAny(d);
    expect((await desktop.repos.records.list('demand')).map((r) => r.recordId).sort()).toEqual(
      [...ids['130132']!].sort(),
    );

    // the same field of the same record, edited on a headless device and the desktop before either syncs: a conflict
    await update(a[1]!, ids['130132']![0]!, { name: '乙设备改的名称' });
    await update(desktop, ids['130132']![0]!, { name: '丙设备改的名称' });
    for (const d of [a[1]!, a[2]!, a[0]!, a[1]!]) await syncAny(d);
    const conflict = conflictsOf(deviceState(a1));
    expect(conflict.map((c) => [c.field, new Set([c.winner.value, c.loser.value])])).toEqual([
      ['name', new Set(['乙设备改的名称', '丙设备改的名称'])],
    ]);
    for (const d of a.slice(1)) expect(conflictsOf(await stateOf(d))).toEqual(conflict);
    expect(await desktopConflicts(desktop)).toEqual(conflict); // the 冲突 review lists it
    const otherRecords = { '130132': ids['130132']!.slice(1), '130203': ids['130203']! } as Record<string, string[]>;

    // The desktop meets every kind of network fault at least once (each twice in a row: the retry meets it too).
    for (const [i, fault] of FETCH_FAULTS.entries()) {
      await update(desktop, otherRecords['130132']![i % 2]!, { problem: `桌面端遇到网络故障 ${fault}` });
      await syncAny(desktop, [fault, fault]);
    }
    expect(new Set(desktop.faultLog)).toEqual(new Set(FETCH_FAULTS));

    for (let round = 0; round < 4; round++) {
      for (const d of all) {
        const records = otherRecords[d.county]!; // leave the conflicted record for review
        const id = records[Math.floor(random() * records.length)]!;
        const edit: Record<string, string> =
          random() < 0.5
            ? { name: `第${round}轮-${d.name}` }
            : { problem: `第${round}轮补充说明 ${Math.floor(random() * 1000)}` };
        await update(d, id, edit);
        const kinds = faultsOf(d);
        const faults = Array.from(
          { length: Math.floor(random() * 4) },
          () => kinds[Math.floor(random() * kinds.length)]!,
        );
        await syncAny(d, faults);
      }
    }
    // A PC a day AHEAD records a demand: refused (clock-ahead), nothing applied; a PC a day BEHIND records and syncs.
    const fast = await device('fast', '130132');
    const slow = await device('slow', '130132');
    const fastId = addDemandAt(fast, 20, () => Date.now() + DAY_MS);
    const refused = (await syncWithClock(fast, () => Date.now() + DAY_MS).catch((e: unknown) => e)) as SyncError;
    expect(refused.code).toBe('CLOCK_AHEAD');
    expect(refused.text.zh).toContain('本机时间比省级服务器快了约 1 天');
    const slowId = addDemandAt(slow, 21, () => Date.now() - DAY_MS);
    expect((await syncWithClock(slow, () => Date.now() - DAY_MS)).warnings.map((w) => w.code)).toEqual(['CLOCK_SKEW']);
    await sync(a1);
    await write(a1, ['update', 'demand', slowId], { name: '时间正确的电脑改的' }); // the slow PC's stamp loses
    all.push(fast, slow);
    // The fast PC's clock is fixed: its refused ops are re-stamped and sent under the same seq.
    expect((await syncWithClock(fast, Date.now)).restamped).toBe(fast.made.size);

    for (let round = 0; round < 2; round++)
      for (const d of all) await (d === slow ? syncWithClock(slow, () => Date.now() - DAY_MS) : syncAny(d));

    const ops = await serverOps();
    const onServer = new Set(ops.map((op) => op.opId));
    expect(onServer.size).toBe(ops.length); // every op logged exactly once
    for (const d of all) for (const id of d.made) expect(onServer.has(id), `op ${id} of ${d.name}`).toBe(true);
    const made = new Set(all.flatMap((d) => [...d.made]));
    expect(ops.filter((op) => op.county !== '13').every((op) => made.has(op.opId))).toBe(true); // and nothing else
    expect((await stateOf(a[1]!)).records.get(`demand/${slowId}`)!.fields.name!.value).toBe('时间正确的电脑改的');
    expect(deviceState(slow).records.get(`demand/${slowId}`)!.fields.name!.value).toBe('时间正确的电脑改的');
    expect(deviceState(b).records.has(`demand/${fastId}`)).toBe(false);
    expect((await stateOf(desktop)).records.get(`demand/${slowId}`)!.fields.name!.value).toBe('时间正确的电脑改的');
    expect((await stateOf(desktop)).records.has(`demand/${fastId}`)).toBe(true);
    for (const d of all) {
      const scoped = emptyState();
      applyOps(
        scoped,
        ops.filter((op) => op.county === d.county || op.county === '13'),
        { isKnownField },
      );
      expect(stateDigest(await stateOf(d)), d.name).toBe(stateDigest(scoped));
      expect(await pendingOf(d), d.name).toBe(0);
    }
    const conflicts = conflictsOf(deviceState(a1));
    expect(conflicts).toEqual(expect.arrayContaining(conflict)); // plus any the random rounds made
    for (const d of [...a, fast, slow]) expect(conflictsOf(await stateOf(d)), d.name).toEqual(conflicts);
    expect(sorted(await desktopConflicts(desktop))).toEqual(sorted(conflicts)); // the desktop's 冲突 review lists exactly these
    expect(conflictsOf(deviceState(b))).toEqual([]);
  }, 240_000);
});
