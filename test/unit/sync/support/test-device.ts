/**
 * A device for sync tests: its own key, clock, store (in memory unless a kit from ./stores is given), and edits
 * made the way the UI makes them.
 */
import {
  baseOf,
  createClock,
  makeFieldOps,
  makeTombstone,
  recordKey,
  type HybridClock,
  type JsonValue,
  type MergeState,
  type Op,
} from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import type { Signer } from '@shared/crypto/signing';
import { SyncEngine, type Lock, type SyncStore, type Transport } from '@shared/sync';
import type { ReferenceServer } from './reference-server';
import { noLock } from './faults';
import { memoryKit, type StoreKit } from './stores';

export interface TestDevice {
  id: string;
  county: string;
  signer: Signer;
  store: SyncStore;
  /** The merged state the store holds now. */
  state(): Promise<MergeState>;
  /** The receipt files the store kept, by seq. */
  receiptTexts(): Promise<string[]>;
  clock: HybridClock;
  /** Every op this device made. */
  made: Op[];
  edit(entity: Op['entity'], recordId: string, changes: Record<string, JsonValue>): Promise<Op[]>;
  /** An edit whose ops name another county (a record of another county, as a careless import would make). */
  editIn(county: string, entity: Op['entity'], recordId: string, changes: Record<string, JsonValue>): Promise<Op[]>;
  remove(entity: Op['entity'], recordId: string): Promise<Op>;
  engine(transport: Transport, options?: { store?: SyncStore; lock?: Lock; now?: () => number }): SyncEngine;
}

let nodeCounter = 0;

export async function makeDevice(
  server: ReferenceServer,
  id: string,
  county: string,
  now: () => number = Date.now,
  kit: StoreKit = memoryKit,
): Promise<TestDevice> {
  const signer = await createSigner(await generateKeyPair('Ed25519'));
  server.enrol(id, county, signer);
  const opened = await kit.open({ deviceId: id, county, keyId: signer.keyId });
  const { store } = opened;
  const node = (++nodeCounter).toString(16).padStart(16, '0');
  const clock = createClock(node, now, { maxDriftMs: 10 * 24 * 3_600_000 });
  const made: Op[] = [];
  const ctx = { clock, device: id, operator: `操作员-${id}`, county, schemaVersion: 1 };
  const device: TestDevice = {
    id,
    county,
    signer,
    store,
    state: () => opened.state(),
    receiptTexts: () => opened.receiptTexts(),
    clock,
    made,
    async edit(entity, recordId, changes) {
      return device.editIn(county, entity, recordId, changes);
    },
    async editIn(opCounty, entity, recordId, changes) {
      const record = (await opened.state()).records.get(recordKey(entity, recordId));
      const base = record ? Object.fromEntries(Object.keys(changes).map((f) => [f, baseOf(record, f)])) : null;
      const ops = makeFieldOps({ ...ctx, county: opCounty, entity, recordId, changes, base });
      await opened.writeLocal(ops, new Date(now()).toISOString());
      made.push(...ops);
      return ops;
    },
    async remove(entity, recordId) {
      const record = (await opened.state()).records.get(recordKey(entity, recordId));
      const op = makeTombstone({ ...ctx, entity, recordId, base: baseOf(record, '_deleted') });
      await opened.writeLocal([op], new Date(now()).toISOString());
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
