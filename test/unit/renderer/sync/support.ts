// A desktop device for sync tests: its own Dexie database, the repositories' write path, the testing bridge
// (key "in the host", syncHttp answered by the in-memory reference server) and DeviceSync.
import 'fake-indexeddb/auto';
import type { SyncHttpResult } from '@shared/bridge';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { createTestingBridge, type TestingBridge } from '../../../../renderer/src/platform/testing';
import type { LinkDeskDb } from '../../../../renderer/src/storage/db';
import { RecordRepository } from '../../../../renderer/src/storage/repositories';
import { loadDevice } from '../../../../renderer/src/storage/repositories/device';
import { bytesToBase64, base64ToBytes } from '../../../../renderer/src/storage/backup';
import { DeviceSync } from '../../../../renderer/src/sync/device-sync';
import { deviceIdFor } from '../../../../renderer/src/sync/enrolment';
import { inPageLock } from '../../../../renderer/src/sync/lock';
import { ReferenceServer, type HttpAnswer } from '../../sync/support/reference-server';
import { freshDb, steppingNow } from '../storage/helpers';

export const COUNTY = '130534';

export async function referenceServer(now: () => number = Date.now): Promise<ReferenceServer> {
  return new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')), now);
}

/** syncHttp as the host would answer it, from the reference server. */
export function httpOver(server: ReferenceServer, sent: Uint8Array[] = []) {
  return async ({ path, bodyBase64 }: { path: string; bodyBase64: string | null }): Promise<SyncHttpResult> => {
    const bytes = base64ToBytes(bodyBase64 ?? '');
    let answer: HttpAnswer;
    if (path === '/v1/packages') {
      sent.push(bytes);
      answer = await server.push(bytes);
    } else if (path === '/v1/pull') answer = await server.pull(bytes);
    else if (path === '/v1/server-keys') answer = { status: 200, bytes: new TextEncoder().encode(JSON.stringify({ keys: server.keys })) };
    else answer = { status: 404, body: { code: 'NOT_FOUND', message: { zh: '无此接口', en: 'no such route' } } };
    const out = 'bytes' in answer ? answer.bytes : new TextEncoder().encode(JSON.stringify(answer.body));
    return { status: answer.status, contentType: 'application/octet-stream', bodyBase64: bytesToBase64(out), retryAfterMs: null };
  };
}

export interface DesktopDevice {
  db: LinkDeskDb;
  repo: RecordRepository;
  bridge: TestingBridge;
  sync: DeviceSync;
  deviceId: string;
  /** Every package body pushed by this device, as sent. */
  sent: Uint8Array[];
}

/** A desktop device enrolled with the reference server (key generated through the bridge). */
export async function enrolledDevice(server: ReferenceServer, now: () => number = steppingNow()): Promise<DesktopDevice> {
  const db = freshDb();
  const sent: Uint8Array[] = [];
  const bridge = createTestingBridge({ syncHttp: httpOver(server, sent) });
  const sync = new DeviceSync({ db, bridge, now, lock: inPageLock(), engine: { sleep: async () => undefined, random: () => 0.5, retry: { attempts: 3, baseMs: 1, maxMs: 5 }, limits: { maxOps: 4, pullLimit: 5 } } });
  const key = await bridge.keystoreGenerate({ alg: 'Ed25519' });
  const deviceId = deviceIdFor((await loadDevice(db, now)).id);
  server.enrol(deviceId, COUNTY, key);
  await sync.store.saveEnrolment({ deviceId, county: COUNTY, keyId: key.keyId }, server.keys, new Date(now()).toISOString());
  return { db, repo: new RecordRepository(db, now), bridge, sync, deviceId, sent };
}
