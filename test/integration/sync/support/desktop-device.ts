/**
 * A DESKTOP device against the real provincial server: exactly the code the browser shell runs, minus Chromium.
 * The renderer's Dexie database (fake-indexeddb in Node) written through the repositories, DeviceSync with its
 * DexieSyncStore, and the host services of electron/src/host (the file-dev-only keystore the browser shell uses,
 * syncHttp over a fetch the test can make flaky) behind createRpcBridge + dispatchBridgeCall, as the shell wires it.
 */
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import { type BridgeCall, createRpcBridge, type DesktopBridge, dispatchBridgeCall } from '@shared/bridge';
import type { Conflict, EntityName, JsonValue, MergeState } from '@shared/change';
import { SyncError } from '@shared/sync';
import { createDataDirDialogs, createHostKeystore, createHostServices } from '../../../../electron/src/host';
import { LinkDeskDb } from '../../../../renderer/src/storage/db';
import { createRepositories, type Repositories } from '../../../../renderer/src/storage/repositories';
import { toRecordState } from '../../../../renderer/src/storage/rows';
import { DeviceSync } from '../../../../renderer/src/sync/device-sync';
import { adminHeaders, type ServerHarness } from '../../server/harness';

/**
 * What the network does to one fetch of the host's syncHttp:
 * - dropRequest: the request never reaches the server (fetch fails);
 * - dropResponse: the server processes it, the connection dies before the answer;
 * - timeout: the server processes it, the answer comes too late (the host's AbortSignal.timeout fires);
 * - duplicate: the request reaches the server twice; the host sees the second answer;
 * - reorder: the request is held back and reaches the server only with the NEXT request;
 * - delay: the answer comes late but in time.
 */
export type FetchFault = 'none' | 'dropRequest' | 'dropResponse' | 'timeout' | 'duplicate' | 'reorder' | 'delay';
export const FETCH_FAULTS: readonly FetchFault[] = [
  'none',
  'dropRequest',
  'dropResponse',
  'timeout',
  'duplicate',
  'reorder',
  'delay',
];

/** A fetch that takes the next fault from `next()` for every call. */
export function faultyFetch(next: () => FetchFault, log: FetchFault[] = []): typeof fetch {
  let held: (() => Promise<unknown>)[] = [];
  // The body is read before a fault so the request really completes at the server (and the socket is freed).
  const send = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> => {
    const res = await fetch(input, init);
    const bytes = await res.arrayBuffer();
    return new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return async (input, init) => {
    const fault = next();
    log.push(fault);
    const late = held;
    held = [];
    try {
      switch (fault) {
        case 'dropRequest':
          throw new TypeError('fetch failed (injected: request dropped)');
        case 'dropResponse':
          await send(input, init).catch(() => undefined);
          throw new TypeError('fetch failed (injected: connection reset before the answer)');
        case 'timeout':
          await send(input, init).catch(() => undefined);
          throw new DOMException('The operation was aborted due to timeout (injected)', 'TimeoutError');
        case 'duplicate':
          await send(input, init).catch(() => undefined);
          return await send(input, init);
        case 'reorder':
          held.push(() => send(input, init));
          throw new TypeError('fetch failed (injected: request held back)');
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, 5));
          return await send(input, init);
        default:
          return await send(input, init);
      }
    } finally {
      for (const s of late) await s().catch(() => undefined);
    }
  };
}

export interface DesktopDevice {
  kind: 'desktop';
  name: string;
  county: string;
  /** opIds this device wrote. */
  made: Set<string>;
  db: LinkDeskDb;
  repos: Repositories;
  sync: DeviceSync;
  bridge: DesktopBridge;
  /** Faults for the coming fetches, taken in order ('none' once empty). */
  faults: FetchFault[];
  /** Every fault met, in order. */
  faultLog: FetchFault[];
}

/** A fresh desktop device (own data folder and Dexie database) enrolled with a one-time code from the real server. */
export async function enrolledDesktop(
  server: ServerHarness,
  url: string,
  dir: string,
  name: string,
  county: string,
  /** More of what the code grants (e.g. { alg: 'SM2-SM3' }). */
  grant: Record<string, unknown> = {},
): Promise<DesktopDevice> {
  const dataDir = join(dir, name);
  const faults: FetchFault[] = [];
  const faultLog: FetchFault[] = [];
  const services = createHostServices({
    shell: 'browser',
    version: '0.0.0-e2e',
    platform: `${process.platform}-${process.arch}`,
    dataDir,
    serverUrl: null,
    keystore: 'none',
    keys: createHostKeystore(join(dataDir, 'keys'), null),
    dialogs: createDataDirDialogs(dataDir),
    fetch: faultyFetch(() => faults.shift() ?? 'none', faultLog),
  });
  const call: BridgeCall = async (method, payload) => dispatchBridgeCall(services, method, structuredClone(payload));
  const bridge = createRpcBridge(call);
  const db = new LinkDeskDb(`linkdesk-e2e-${name}-${Date.now()}`);
  const repos = createRepositories(db);
  // Retries without waiting (the schedule itself is unit-tested); everything else as the app builds it.
  const sync = new DeviceSync({
    db,
    bridge,
    appVersion: 'e2e',
    onClockReset: () => repos.records.forgetDevice(),
    engine: { sleep: async () => undefined },
  });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county, ...grant },
  });
  const cert = await sync.enrolWithCode({
    serverUrl: url,
    code: (res.json() as { code: string }).code,
    operator: `操作员${name}`,
  });
  if (cert.county !== county) throw new Error(`enrolled for county ${cert.county}, expected ${county}`);
  return { kind: 'desktop', name, county, made: new Set(), db, repos, sync, bridge, faults, faultLog };
}

/** An edit through the app's write path (records.save: record, outbox and op log in one transaction). */
export async function desktopSave(
  d: DesktopDevice,
  entity: EntityName,
  recordId: string | null,
  values: Record<string, JsonValue>,
): Promise<string> {
  const saved = await d.repos.records.save(entity, recordId, values, { operator: `操作员${d.name}` });
  for (const id of await d.db.outbox.toCollection().primaryKeys()) d.made.add(id);
  return saved.recordId;
}

/** One sync as the 同步 page starts it, the network failing as `faults` says; a transient failure is tolerated. */
export async function desktopSync(d: DesktopDevice, faults: readonly FetchFault[] = []): Promise<void> {
  d.faults.splice(0, d.faults.length, ...faults);
  try {
    await d.sync.run();
  } catch (e) {
    if (!(e instanceof SyncError && e.transient)) throw e;
  } finally {
    d.faults.length = 0;
  }
}

/** The device's merged records (and parked ops) as a MergeState, for comparison with the server's op log. */
export async function desktopState(d: DesktopDevice): Promise<MergeState> {
  const [rows, parked] = await Promise.all([d.db.records.toArray(), d.db.parked.toArray()]);
  return {
    records: new Map(rows.map((row) => [`${row.entity}/${row.recordId}`, toRecordState(row)])),
    parked: new Map(parked.map((p) => [p.opId, p.op])),
  };
}

export const desktopConflicts = (d: DesktopDevice): Promise<Conflict[]> => d.sync.conflicts();

export async function desktopPending(d: DesktopDevice): Promise<number> {
  return (await d.sync.status()).pendingTotal;
}
