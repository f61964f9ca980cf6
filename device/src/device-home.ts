/** One headless device = one home directory: the data store, the key file, the lock, enrolment facts. */
import { join } from 'node:path';
import { randomNodeId, type JsonValue } from '@shared/change';
import { isKnownField, SCHEMA_VERSION } from '@shared/domain';
import { keyIdFor, type SignatureAlg, type Signer } from '@shared/crypto/signing';
import { SyncEngine, SyncError, type ServerKey, type Transport } from '@shared/sync';
import { FileSyncStore } from './file-store';
import { FileLock } from './file-lock';
import { createDeviceKey, hasDeviceKey, loadDeviceKey } from './keystore';

export const APP_VERSION = '0.1.0-device-cli';

export function openStore(home: string): FileSyncStore {
  return FileSyncStore.open(join(home, 'data'), { isKnownField });
}

/** init: a device id, a clock node id and a key of its own; the county and operator chosen by staff. */
export async function initDevice(
  home: string,
  county: string,
  operator: string,
  alg: SignatureAlg = 'Ed25519',
): Promise<{ deviceId: string; keyId: string }> {
  const store = openStore(home);
  try {
    const signer = hasDeviceKey(home) ? await loadDeviceKey(home) : await createDeviceKey(home, alg);
    const nodeId = randomNodeId();
    const deviceId = `dev-${county}-${nodeId}`;
    store.init(
      { deviceId, county, keyId: signer.keyId },
      { operator, nodeId, clockLast: null, createdAt: new Date().toISOString() },
    );
    return { deviceId, keyId: keyIdFor(signer.alg, signer.publicKey) };
  } finally {
    store.close();
  }
}

export function serverKeysOf(store: FileSyncStore): ServerKey[] {
  const keys = store.meta().serverKeys;
  return Array.isArray(keys) ? (keys as unknown as ServerKey[]) : [];
}

/** `transport` may be a factory given the device key (for transports that sign with it). */
export async function makeEngine(
  home: string,
  store: FileSyncStore,
  transport: Transport | ((signer: Signer) => Transport),
): Promise<SyncEngine> {
  if (!store.replica().identity || !hasDeviceKey(home)) throw new SyncError('NOT_ENROLLED');
  const signer = await loadDeviceKey(home);
  return new SyncEngine({
    store,
    transport: typeof transport === 'function' ? transport(signer) : transport,
    lock: new FileLock(home),
    signer,
    serverKeys: () => serverKeysOf(store),
    schemaVersion: SCHEMA_VERSION,
    appVersion: APP_VERSION,
  });
}

/** A transport for commands that never talk to a server (export, import, status). */
export const offlineTransport: Transport = {
  push: () => Promise.reject(new SyncError('NETWORK', { detail: 'offline command' })),
  pull: () => Promise.reject(new SyncError('NETWORK', { detail: 'offline command' })),
};

export function saveEnrolment(
  store: FileSyncStore,
  answer: { certificate?: unknown; serverKeys?: unknown },
  server: string | null,
): void {
  const values: Record<string, JsonValue> = {
    certificate: (answer.certificate ?? null) as JsonValue,
    enrolledAt: new Date().toISOString(),
  };
  if (Array.isArray(answer.serverKeys)) values.serverKeys = answer.serverKeys as JsonValue;
  if (server) values.server = server;
  store.setMeta(values);
}
