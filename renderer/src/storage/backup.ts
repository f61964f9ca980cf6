/**
 * The whole local database as one file, and back: how an office survives a reinstall or moves to a new PC.
 * Restore replaces everything in ONE transaction, so a bad file leaves the current data untouched.
 */
import { DB_VERSION, type LinkDeskDb } from './db';
import type { OutboxRow, RecordRow } from './rows';
import { uniqueKeysOf } from './unique';

export const BACKUP_FORMAT = 'linkdesk-backup';

interface BackupFile {
  format: typeof BACKUP_FORMAT;
  dbVersion: number;
  exportedAt: string;
  /** Every table of the database, by name (whatever this version has: records, outbox, oplog, sync tables…). */
  tables: Record<string, unknown[]>;
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

/** Binary values (attachment bytes, sealed packages) travel as { $bytes: base64 } in the JSON file. */
const BYTES_KEY = '$bytes';

function encodeRow(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof ArrayBuffer) out[k] = { [BYTES_KEY]: bytesToBase64(new Uint8Array(v)), kind: 'buffer' };
    else if (v instanceof Uint8Array) out[k] = { [BYTES_KEY]: bytesToBase64(v), kind: 'u8' };
    else out[k] = v;
  }
  return out;
}

function decodeRow(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && BYTES_KEY in v) {
      const bytes = base64ToBytes(String((v as Record<string, unknown>)[BYTES_KEY]));
      out[k] = (v as Record<string, unknown>).kind === 'u8' ? bytes : bytes.buffer;
    } else out[k] = v;
  }
  return out;
}

export async function exportDatabase(db: LinkDeskDb, now: Date = new Date()): Promise<string> {
  const file: BackupFile = { format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: now.toISOString(), tables: {} };
  await db.transaction('r', db.tables, async () => {
    for (const table of db.tables) file.tables[table.name] = (await table.toArray()).map(encodeRow);
  });
  return JSON.stringify(file);
}

/** Counts of restored rows per table. Tables the backup does not have are emptied. */
export async function restoreDatabase(db: LinkDeskDb, text: string): Promise<Record<string, number>> {
  let file: BackupFile;
  try {
    file = JSON.parse(text) as BackupFile;
  } catch {
    throw new BackupError('BACKUP_NOT_JSON', 'the file is not a LinkDesk backup (not JSON)');
  }
  if (!file || file.format !== BACKUP_FORMAT || typeof file.tables !== 'object' || file.tables === null)
    throw new BackupError('BACKUP_NOT_LINKDESK', 'the file is not a LinkDesk backup');
  if (typeof file.dbVersion !== 'number' || file.dbVersion > DB_VERSION)
    throw new BackupError(
      'BACKUP_TOO_NEW',
      `the backup was made by a newer app (database version ${String(file.dbVersion)})`,
    );
  const counts: Record<string, number> = {};
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      let rows = (Array.isArray(file.tables[table.name]) ? file.tables[table.name]! : []).map(decodeRow);
      // A backup from an older database version gets the fields its upgrades would have filled.
      if (table.name === 'records')
        rows = (rows as RecordRow[]).map((r) => ({
          ...r,
          updatedAt: r.updatedAt ?? r.last.hlc,
          uniq: uniqueKeysOf(r),
        }));
      if (table.name === 'outbox') rows = (rows as OutboxRow[]).map((r) => ({ ...r, hlc: r.hlc ?? r.op.hlc }));
      await table.clear();
      await table.bulkAdd(rows);
      counts[table.name] = rows.length;
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
