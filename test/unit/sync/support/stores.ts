/**
 * The three SyncStore implementations behind one test face, so the sync rules run against each of them:
 * - memory: shared/src/sync/memory-store.ts (the replica commands in memory);
 * - file:   device/src/file-store.ts (the headless device: the replica commands replayed from a write-ahead log);
 * - dexie:  renderer/src/sync/dexie-store.ts (the desktop app's IndexedDB, here fake-indexeddb).
 * Each kit opens an enrolled store and gives the two things the port does not: the local write path (ops and
 * outbox entries in one transaction, as the app writes them) and a read of the merged state.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { emptyState, recordKey, type MergeState, type Op } from '@shared/change';
import { isKnownField } from '@shared/domain';
import { MemorySyncStore, type SyncIdentity, type SyncStore } from '@shared/sync';
import { FileSyncStore } from '../../../../device/src/file-store';
import { rowsFor } from '../../../../renderer/src/storage/repositories/record-writes';
import { toRecordState } from '../../../../renderer/src/storage/rows';
import { DexieSyncStore } from '../../../../renderer/src/sync/dexie-store';
import { freshDb } from '../../renderer/storage/helpers';

export interface KitStore {
  store: SyncStore;
  /** The local write path: merge the ops and queue them in the outbox, in one transaction. */
  writeLocal(ops: readonly Op[], queuedAt: string): Promise<void>;
  /** The merged records and parked ops as they are stored now. */
  state(): Promise<MergeState>;
  /** The kept receipt files' text, by seq. */
  receiptTexts(): Promise<string[]>;
}

export interface StoreKit {
  name: 'memory' | 'file' | 'dexie';
  /** An empty store; enrolled as `identity` when given. */
  open(identity?: SyncIdentity): Promise<KitStore>;
}

const merge = { isKnownField };

export const memoryKit: StoreKit = {
  name: 'memory',
  async open(identity) {
    const store = new MemorySyncStore(merge, identity);
    return {
      store,
      writeLocal: (ops, at) => store.writeLocal(ops, at),
      state: async () => store.data.state,
      receiptTexts: async () => store.data.receipts.map((r) => r.text),
    };
  },
};

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const fileKit: StoreKit = {
  name: 'file',
  async open(identity) {
    const dir = mkdtempSync(join(tmpdir(), 'linkdesk-file-store-'));
    tempDirs.push(dir);
    const store = FileSyncStore.open(dir, merge);
    if (identity) store.init(identity, {});
    return {
      store,
      writeLocal: async (ops, at) => store.writeLocal([...ops], at),
      state: async () => store.replica().state,
      receiptTexts: async () => store.replica().receipts.map((r) => r.text),
    };
  },
};

export const dexieKit: StoreKit = {
  name: 'dexie',
  async open(identity) {
    const db = freshDb();
    const store = new DexieSyncStore(db, merge);
    if (identity) await store.saveEnrolment(identity, null, new Date().toISOString());
    return {
      store,
      // As the repositories write (renderer/src/storage/repositories/record-writes.ts): record, outbox and
      // op-log rows in one Dexie transaction.
      async writeLocal(ops) {
        await db.transaction('rw', [db.records, db.outbox, db.oplog], async () => {
          const byRecord = new Map<string, Op[]>();
          for (const op of ops) {
            const key = recordKey(op.entity, op.recordId);
            byRecord.set(key, [...(byRecord.get(key) ?? []), op]);
          }
          const groups = [...byRecord.values()];
          const current = await db.records.bulkGet(groups.map((g) => [g[0]!.entity, g[0]!.recordId]));
          const rows = rowsFor(groups.map((g, i) => ({ current: current[i], ops: g })));
          await db.records.bulkPut(rows.records);
          await db.outbox.bulkAdd(rows.outbox);
          await db.oplog.bulkAdd(rows.oplog);
        });
      },
      async state() {
        const state = emptyState();
        for (const row of await db.records.toArray())
          state.records.set(recordKey(row.entity, row.recordId), toRecordState(row));
        for (const row of await db.parked.toArray()) state.parked.set(row.opId, row.op);
        return state;
      },
      receiptTexts: async () => (await db.syncReceipts.orderBy('seq').toArray()).map((r) => r.text),
    };
  },
};

export const STORE_KITS: readonly StoreKit[] = [memoryKit, fileKit, dexieKit];
