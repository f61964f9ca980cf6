/**
 * The stored form of values: forms call this on blur and importers after coercion, before validating.
 * Credit codes upper-case and half-width, text trimmed, list items trimmed and de-duplicated, and every text
 * stripped of the control characters no store can hold (NUL …): whatever writes a record (a form, an import, the
 * headless client) passes here, so such a character never reaches the outbox, a package or the server.
 */
import type { EntityName, JsonValue } from '../change/op';
import { normalizeCreditCode } from './creditCode';
import { getSchema } from './registry';
import type { FieldDef } from './schema';
import { stripUnholdable } from './text';
import type { RecordValues } from './validate';

export function normalizeValue(f: FieldDef, raw: JsonValue | undefined): JsonValue | undefined {
  const v = typeof raw === 'string' ? stripUnholdable(raw) : raw;
  if (typeof v === 'string') {
    if (f.kind === 'creditCode') return normalizeCreditCode(v);
    if (
      f.kind === 'text' ||
      f.kind === 'longtext' ||
      f.kind === 'ref' ||
      f.kind === 'divisionCode' ||
      f.kind === 'date'
    )
      return v.trim();
    return v;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    const items = (v as string[])
      .map((x) => stripUnholdable(x))
      .map((x) => (f.kind === 'attachments' ? x.trim().toLowerCase() : x.trim()))
      .filter((x) => x !== '');
    return [...new Set(items)];
  }
  return v;
}

/** A copy of the record with every schema field in its stored form; other keys are kept as they are. */
export function normalizeRecord(entity: EntityName, record: RecordValues): Record<string, JsonValue | undefined> {
  const out: Record<string, JsonValue | undefined> = { ...record };
  for (const f of getSchema(entity).fields) if (f.name in out) out[f.name] = normalizeValue(f, out[f.name]);
  return out;
}
