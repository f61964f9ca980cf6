/** A device for sync tests: its own key, clock, in-memory store, and edits made the way the UI makes them. */
import {
  baseOf,
  createClock,
  makeFieldOps,
  makeTombstone,
  recordKey,
  type HybridClock,
  type JsonValue,
  type Op,
} from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import type { Signer } from '@shared/crypto/signing';
import { MemorySyncStore, SyncEngine, type Lock, type SyncStore, type Transport } from '@shared/sync';
import { isKnownField } from '@shared/domain';
import type { ReferenceServer } from './reference-server';
import { noLock } from './faults';

export interface TestDevice {
  id: string;
  county: string;
  signer: Signer;
  store: MemorySyncStore;
  clock: HybridClock;
  /** Every op this device made. */
  made: Op[];
  edit(entity: Op['entity'], recordId: string, changes: Record<string, JsonValue>): Promise<Op[]>;
  remove(entity: Op['entity'], recordId: string): Promise<Op>;
  engine(transport: Transport, options?: { store?: SyncStore; lock?: Lock; now?: () => number }): SyncEngine;
}

let nodeCounter = 0;

export async function makeDevice(
  server: ReferenceServer,
  id: string,
  county: string,
  now: () => number = Date.now,
): Promise<TestDevice> {
  const signer = await createSigner(await generateKeyPair('Ed25519'));
  server.enrol(id, county, signer);
  const store = new MemorySyncStore({ isKnownField }, { deviceId: id, county, keyId: signer.keyId });
  const node = (++nodeCounter).toString(16).padStart(16, '0');
  const clock = createClock(node, now, { maxDriftMs: 10 * 24 * 3_600_000 });
  const made: Op[] = [];
  const ctx = { clock, device: id, operator: `操作员-${id}`, county, schemaVersion: 1 };
  const device: TestDevice = {
    id,
    county,
    signer,
    store,
    clock,
    made,
    async edit(entity, recordId, changes) {
      const record = store.data.state.records.get(recordKey(entity, recordId));
      const base = record ? Object.fromEntries(Object.keys(changes).map((f) => [f, baseOf(record, f)])) : null;
      const ops = makeFieldOps({ ...ctx, entity, recordId, changes, base });
      await store.writeLocal(ops, new Date(now()).toISOString());
      made.push(...ops);
      return ops;
    },
    async remove(entity, recordId) {
      const record = store.data.state.records.get(recordKey(entity, recordId));
      const op = makeTombstone({ ...ctx, entity, recordId, base: baseOf(record, '_deleted') });
      await store.writeLocal([op], new Date(now()).toISOString());
      made.push(op);
      return op;
    },
    engine(transport, options = {}) {
      return new SyncEngine({
        store: options.store ?? store,
        transport,
        lock: options.lock ?? noLock,
        signer,
        serverKeys: () => server.keys,
        schemaVersion: 1,
        appVersion: 'test',
        now: options.now ?? now,
        sleep: async () => undefined,
        random: () => 0.5,
        retry: { attempts: 4, baseMs: 1, maxMs: 10 },
        limits: { maxOps: 3, pullLimit: 5 },
      });
    },
  };
  return device;
}
