/**
 * The whole local database as one file, and back: how an office survives a reinstall or moves to a new PC.
 * Restore replaces everything in ONE transaction, so a bad file leaves the current data untouched.
 */
import { DB_VERSION, type LinkDeskDb } from './db';
import type { BlobRow, RecordRow } from './rows';
import { uniqueKeysOf } from './unique';

export const BACKUP_FORMAT = 'linkdesk-backup';

const TABLES = ['records', 'outbox', 'oplog', 'operators', 'settings', 'meta', 'blobs'] as const;
type TableName = (typeof TABLES)[number];

interface BackupFile {
  format: typeof BACKUP_FORMAT;
  dbVersion: number;
  exportedAt: string;
  tables: Record<TableName, unknown[]>;
}

export type BackupErrorCode = 'BACKUP_NOT_JSON' | 'BACKUP_NOT_LINKDESK' | 'BACKUP_TOO_NEW';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export async function exportDatabase(db: LinkDeskDb, now: Date = new Date()): Promise<string> {
  const file: BackupFile = { format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: now.toISOString(), tables: {} as BackupFile['tables'] };
  await db.transaction('r', TABLES.map((t) => db.table(t)), async () => {
    for (const name of TABLES) {
      const rows = await db.table(name).toArray();
      file.tables[name] = name === 'blobs' ? (rows as BlobRow[]).map((b) => ({ ...b, data: bytesToBase64(new Uint8Array(b.data)) })) : rows;
    }
  });
  return JSON.stringify(file);
}

/** Counts of restored rows per table. */
export async function restoreDatabase(db: LinkDeskDb, text: string): Promise<Record<TableName, number>> {
  let file: BackupFile;
  try {
    file = JSON.parse(text) as BackupFile;
  } catch {
    throw new BackupError('BACKUP_NOT_JSON', 'the file is not a LinkDesk backup (not JSON)');
  }
  if (!file || file.format !== BACKUP_FORMAT || typeof file.tables !== 'object') throw new BackupError('BACKUP_NOT_LINKDESK', 'the file is not a LinkDesk backup');
  if (typeof file.dbVersion !== 'number' || file.dbVersion > DB_VERSION) throw new BackupError('BACKUP_TOO_NEW', `the backup was made by a newer app (database version ${String(file.dbVersion)})`);
  const counts = {} as Record<TableName, number>;
  await db.transaction('rw', TABLES.map((t) => db.table(t)), async () => {
    for (const name of TABLES) {
      let rows = Array.isArray(file.tables[name]) ? file.tables[name] : [];
      if (name === 'blobs') rows = (rows as (Omit<BlobRow, 'data'> & { data: string })[]).map((b) => ({ ...b, data: base64ToBytes(b.data).buffer }));
      // A backup from an older database version gets the fields its upgrades would have filled.
      if (name === 'records') rows = (rows as RecordRow[]).map((r) => ({ ...r, updatedAt: r.updatedAt ?? r.last.hlc, uniq: uniqueKeysOf(r) }));
      await db.table(name).clear();
      await db.table(name).bulkAdd(rows);
      counts[name] = rows.length;
    }
  });
  return counts;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

export function base64ToText(text: string): string {
  return new TextDecoder().decode(base64ToBytes(text));
}
