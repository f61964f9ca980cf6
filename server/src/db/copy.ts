// COPY … FROM STDIN (text format) for bulk loads inside a caller's transaction: PostgreSQL parses each row once,
// with none of a multi-row INSERT's or a jsonb_to_recordset document's per-statement overhead.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from './pool.js';

export type CopyField = string | null;

const ROWS_PER_CHUNK = 1000;

/** Streams `rows` through `COPY table (columns) FROM STDIN`; each row lists its fields in column order. */
export async function copyRows<T>(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  items: readonly T[],
  row: (item: T) => CopyField[],
): Promise<void> {
  function* chunks(): Generator<string> {
    for (let i = 0; i < items.length; i += ROWS_PER_CHUNK) {
      let text = '';
      for (const item of items.slice(i, i + ROWS_PER_CHUNK)) text += row(item).map(copyField).join('\t') + '\n';
      yield text;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** A jsonb field as jsonb_to_recordset stored it: a JSON null (or a missing value) is SQL NULL. */
export function jsonField(value: unknown): CopyField {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** One field of COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
function copyField(value: CopyField): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
