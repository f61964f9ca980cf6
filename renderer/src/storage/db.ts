/**
 * The local database `linkdesk` (Dexie over IndexedDB). Versioned: each version lists its stores and,
 * when rows change shape, an upgrade that rewrites them. A database written by any older version opens
 * in this one with nothing lost (tested in test/unit/renderer/storage/upgrade.test.ts).
 *
 * Components never touch this directly: they go through storage/repositories.
 */
import Dexie, { type Table } from 'dexie';
import { DB_NAME, STORES_V1 } from './schema-v1';
import { uniqueKeysOf } from './unique';
import type {
  BlobRow,
  ConflictIndexRow,
  MetaRow,
  OperatorRow,
  OplogRow,
  OutboxRow,
  ParkedRow,
  RecordRow,
  RejectedRow,
  SettingRow,
  SyncPackageRow,
  SyncReceiptRow,
} from './rows';

export const DB_VERSION = 3;

export class LinkDeskDb extends Dexie {
  records!: Table<RecordRow, [string, string]>;
  outbox!: Table<OutboxRow, string>;
  oplog!: Table<OplogRow, string>;
  operators!: Table<OperatorRow, string>;
  settings!: Table<SettingRow, string>;
  blobs!: Table<BlobRow, string>;
  meta!: Table<MetaRow, string>;
  syncPackages!: Table<SyncPackageRow, number>;
  syncReceipts!: Table<SyncReceiptRow, number>;
  parked!: Table<ParkedRow, string>;
  rejected!: Table<RejectedRow, number>;
  conflicts!: Table<ConflictIndexRow, [string, string]>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(STORES_V1);
    // v2: list ordering by last change, unique keys (duplicate credit codes), outbox drained by hlc.
    this.version(2)
      .stores({
        records: '[entity+recordId], entity, [entity+updatedAt], *uniq',
        outbox: 'opId, status, hlc',
        oplog: 'opId, [entity+recordId], hlc',
      })
      .upgrade(async (tx) => {
        await tx
          .table<RecordRow>('records')
          .toCollection()
          .modify((row) => {
            row.updatedAt = row.last.hlc;
            row.uniq = uniqueKeysOf(row);
          });
        await tx
          .table<OutboxRow>('outbox')
          .toCollection()
          .modify((row) => {
            row.hlc = row.op.hlc;
          });
      });
    // v3: sync: sealed packages, receipts, parked and rejected ops, records with open conflicts.
    // New tables only; outbox rows gain their package's seq when sealed (status 'sent').
    this.version(3).stores({
      syncPackages: 'seq',
      syncReceipts: 'seq',
      parked: 'opId',
      rejected: '++id',
      conflicts: '[entity+recordId]',
    });
  }
}

let shared: LinkDeskDb | null = null;

/** The app's one database connection (opened lazily). */
export function getDb(): LinkDeskDb {
  shared ??= new LinkDeskDb();
  return shared;
}

export type PersistState = 'granted' | 'denied' | 'unsupported';

/** Asks the browser to never evict our data; the answer is shown in Settings. */
export async function requestPersistence(): Promise<PersistState> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}
