// A desktop device for sync tests: its own Dexie database, the repositories' write path, the testing bridge
// (key "in the host", syncHttp answered by the in-memory reference server) and DeviceSync.
import 'fake-indexeddb/auto';
import type { SyncHttpResult } from '@shared/bridge';
import { createSigner, generateKeyPair, keyIdFor } from '@shared/crypto';
import { sealDeviceCert } from '@shared/package/device-cert';
import { createTestingBridge, type TestingBridge } from '../../../support/testing-bridge';
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
    else if (path === '/v1/server-keys')
      answer = { status: 200, bytes: new TextEncoder().encode(JSON.stringify({ keys: server.keys })) };
    else answer = { status: 404, body: { code: 'NOT_FOUND', message: { zh: '无此接口', en: 'no such route' } } };
    const out = 'bytes' in answer ? answer.bytes : new TextEncoder().encode(JSON.stringify(answer.body));
    return {
      status: answer.status,
      contentType: 'application/octet-stream',
      bodyBase64: bytesToBase64(out),
      retryAfterMs: null,
    };
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
export async function enrolledDevice(
  server: ReferenceServer,
  now: () => number = steppingNow(),
  given?: { db: LinkDeskDb },
): Promise<DesktopDevice> {
  const db = given?.db ?? freshDb();
  const sent: Uint8Array[] = [];
  const bridge = createTestingBridge({ syncHttp: httpOver(server, sent) });
  const sync = new DeviceSync({
    db,
    bridge,
    now,
    lock: inPageLock(),
    engine: {
      sleep: async () => undefined,
      random: () => 0.5,
      retry: { attempts: 3, baseMs: 1, maxMs: 5 },
      limits: { maxOps: 4, pullLimit: 5 },
    },
  });
  const key = await bridge.keystoreGenerate({ alg: 'Ed25519' });
  const deviceId = deviceIdFor((await loadDevice(db, now)).id);
  server.enrol(deviceId, COUNTY, key);
  await sync.store.saveEnrolment(
    { deviceId, county: COUNTY, keyId: key.keyId },
    server.keys,
    new Date(now()).toISOString(),
  );
  return { db, repo: new RecordRepository(db, now), bridge, sync, deviceId, sent };
}

/** POST /v1/enrol as the provincial server answers it: a one-time code for COUNTY → a signed certificate. */
export function enrolOver(server: ReferenceServer, validCode: string, fallback: ReturnType<typeof httpOver>) {
  return async (args: {
    method: 'GET' | 'POST';
    path: string;
    bodyBase64: string | null;
    contentType: string | null;
  }): Promise<SyncHttpResult> => {
    if (args.path !== '/v1/enrol') return fallback(args);
    const req = JSON.parse(new TextDecoder().decode(base64ToBytes(args.bodyBase64 ?? ''))) as {
      code: string;
      deviceId: string;
      alg: 'Ed25519';
      publicKey: string;
    };
    const json = (status: number, body: unknown): SyncHttpResult => ({
      status,
      contentType: 'application/json',
      bodyBase64: bytesToBase64(new TextEncoder().encode(JSON.stringify(body))),
      retryAfterMs: null,
    });
    if (req.code !== validCode)
      return json(403, {
        code: 'enrol-code-unknown',
        message: { zh: '注册码无效，请向省级管理员索取新的注册码。', en: 'Unknown enrolment code.' },
      });
    server.enrol(req.deviceId, COUNTY, {
      alg: req.alg,
      publicKey: req.publicKey,
      keyId: keyIdFor(req.alg, req.publicKey),
    });
    const cert = await sealDeviceCert(
      {
        serial: '0a',
        device: req.deviceId,
        county: COUNTY,
        alg: req.alg,
        publicKey: req.publicKey,
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2030-01-01T00:00:00.000Z',
      },
      server.signer,
    );
    return json(201, {
      deviceId: req.deviceId,
      county: COUNTY,
      serial: '0a',
      notAfter: '2030-01-01T00:00:00.000Z',
      certificate: new TextDecoder().decode(cert.bytes),
    });
  };
}
