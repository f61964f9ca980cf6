/** The domain model: one schema per entity, and everything derived from it. */
import { TOMBSTONE_FIELD, type EntityName, type JsonValue } from '../change/op';
import { getSchema } from './registry';
import type { FieldDef } from './schema';

export { SCHEMA_VERSION, SCHEMAS, getSchema, getField, isEntityName } from './registry';
export { matchHeader, matchHeaderRow, normalizeHeader, headerCollisions } from './headers';
export { validateRecord, validateField, isEmptyValue, missingToVerify, type RecordValues } from './validate';
export { normalizeRecord } from './normalize';
export { type ValidationCode, type FieldError } from './messages';
export { coerceCell, type CellValue, type CoerceResult } from './coerce';
export { validateCreditCode, computeCheckChar } from './creditCode';
export * from './status';
export { checkRecordRules } from './record-rules';
export { findBadText } from './text';
export * from './divisions';
export * from './vocab';
export type { Bilingual, FieldDef, EnumOption } from './schema';

const known = new Map<EntityName, ReadonlySet<string>>();

/**
 * Field names this app version understands for `entity`, plus the tombstone field.
 * The merge parks ops naming any other field (written by a newer app) instead of dropping them.
 */
export function knownFields(entity: EntityName): ReadonlySet<string> {
  let set = known.get(entity);
  if (!set) {
    set = new Set([...getSchema(entity).fields.map((f) => f.name), TOMBSTONE_FIELD]);
    known.set(entity, set);
  }
  return set;
}

/** The merge's question (ApplyOptions.isKnownField) for every writer: does this app version know the field? */
export function isKnownField(entity: EntityName, field: string): boolean {
  return knownFields(entity).has(field);
}

/** Fields shown as list columns, in column order. */
export function listColumns(entity: EntityName): FieldDef[] {
  return getSchema(entity)
    .fields.filter((f) => f.listColumn)
    .sort((a, b) => a.listColumn!.order - b.listColumn!.order);
}

/** Fields staff fill in, in form order (system fields such as status are left out). */
export function formFields(entity: EntityName): FieldDef[] {
  return getSchema(entity).fields.filter((f) => !f.system);
}

/** Values a new record starts with (fields that declare a default). */
export function defaultValues(entity: EntityName): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of getSchema(entity).fields) if (f.default !== undefined) out[f.name] = f.default;
  return out;
}
