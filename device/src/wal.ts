/**
 * An append-only write-ahead log of JSON lines: `{"n":<tx number>,"sum":"<sha256 of tx>","tx":{…}}\n`.
 * Each line is one whole transaction, fsync'd before the append returns. On load a torn or garbled LAST line
 * (the process died mid-write) is ignored and cut off; damage anywhere else is reported, never skipped silently.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

export class WalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    why: string,
  ) {
    super(
      `${file}: line ${line} is damaged (${why}); the log after it cannot be trusted. Restore the device folder from a backup or contact support.`,
    );
    this.name = 'WalCorruptError';
  }
}

export interface WalEntry<T> {
  n: number;
  tx: T;
}

const sum = (text: string): string => createHash('sha256').update(text).digest('hex');

export function readWal<T>(file: string): { entries: WalEntry<T>[]; goodBytes: number; tornTail: boolean } {
  if (!existsSync(file)) return { entries: [], goodBytes: 0, tornTail: false };
  const buf = readFileSync(file);
  const entries: WalEntry<T>[] = [];
  let offset = 0;
  let line = 0;
  while (offset < buf.length) {
    line++;
    const end = buf.indexOf(0x0a, offset);
    const last = end < 0 || end === buf.length - 1;
    const problem = (why: string): { entries: WalEntry<T>[]; goodBytes: number; tornTail: boolean } => {
      if (last) return { entries, goodBytes: offset, tornTail: true };
      throw new WalCorruptError(file, line, why);
    };
    if (end < 0) return problem('no line end');
    let parsed: { n?: unknown; sum?: unknown; tx?: unknown };
    const text = buf.subarray(offset, end).toString('utf8');
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return problem('not JSON');
    }
    const txText = JSON.stringify(parsed.tx);
    if (typeof parsed.n !== 'number' || parsed.sum !== sum(txText)) return problem('checksum mismatch');
    entries.push({ n: parsed.n, tx: parsed.tx as T });
    offset = end + 1;
  }
  return { entries, goodBytes: offset, tornTail: false };
}

export class WalWriter {
  private fd: number;

  constructor(
    readonly file: string,
    goodBytes: number,
  ) {
    this.fd = openSync(file, 'a+');
    ftruncateSync(this.fd, goodBytes);
    fsyncSync(this.fd);
  }

  append(n: number, tx: unknown): void {
    const txText = JSON.stringify(tx);
    const line = `{"n":${n},"sum":"${sum(txText)}","tx":${txText}}\n`;
    writeSync(this.fd, line);
    fsyncSync(this.fd);
  }

  /** After a snapshot has covered every entry. */
  truncate(): void {
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
