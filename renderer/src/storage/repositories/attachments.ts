/**
 * Photos and scanned sheets: bytes in `blobs` by SHA-256, plus an `attachment` record (name, size, type)
 * written through the one write path, all in ONE transaction. The same file added twice is stored once.
 */
import type { LinkDeskDb } from '../db';
import type { BlobRow } from '../rows';
import { emitChange } from './events';
import type { RecordRepository } from './records';

export interface NewAttachment {
  name: string;
  mime: string;
  bytes: ArrayBuffer;
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}

export class AttachmentRepository {
  constructor(
    private readonly db: LinkDeskDb,
    private readonly records: RecordRepository,
  ) {}

  /** Stores the file and its record; returns its SHA-256 (the id a record's attachments field holds). */
  async add(file: NewAttachment, options: { operator: string; county: string }): Promise<string> {
    const sha256 = await sha256Hex(file.bytes);
    await this.db.transaction(
      'rw',
      [this.db.blobs, this.db.records, this.db.outbox, this.db.oplog, this.db.meta],
      async () => {
        const known = await this.records.get('attachment', sha256);
        if (!known || known.deleted) {
          await this.records.save(
            'attachment',
            sha256,
            { sha256, name: file.name, size: file.bytes.byteLength, mime: file.mime, county: options.county },
            { operator: options.operator },
          );
        }
        if (!(await this.db.blobs.get(sha256))) {
          const row: BlobRow = {
            sha256,
            mime: file.mime,
            size: file.bytes.byteLength,
            data: file.bytes,
            createdAt: new Date().toISOString(),
          };
          await this.db.blobs.add(row);
        }
      },
    );
    // Readers woken inside the transaction saw the state before it committed; wake them again.
    emitChange({ entity: 'attachment', recordId: sha256 });
    return sha256;
  }

  async get(sha256: string): Promise<BlobRow | undefined> {
    return this.db.blobs.get(sha256);
  }
}
