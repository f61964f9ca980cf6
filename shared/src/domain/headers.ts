/**
 * Spreadsheet column titles → schema fields. Real forms spell the same column many ways
 * (「企业名称」「单位名称」「企业全称」, 「拟投入自有资金（万元）」「投入资金」): each field lists its synonyms,
 * and matching ignores spaces, full-width forms, required-marks, colons and units in parentheses.
 */
import type { EntityName } from '../change/op';
import { SCHEMAS } from './registry';
import type { EntitySchema, FieldDef } from './schema';
import { stripSpaces, toHalfWidth } from './text';

/** Spaces, full-width forms, 「*」 required marks, trailing colons and case do not matter. */
export function normalizeHeader(s: string): string {
  return stripSpaces(toHalfWidth(s))
    .replace(/^[*※]+|[*※]+$/g, '')
    .replace(/[:：]+$/, '')
    .replace(/[“”"'‘’「」『』]/g, '')
    .toLowerCase();
}

/** Also drops what is in brackets and a trailing unit: 「投入资金(万元)」「投入资金/万元」 → 「投入资金」. */
export function stripHeaderQualifiers(normalized: string): string {
  return normalized
    .replace(/\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕/g, '')
    .replace(/\/(万元|元|天|人次|人|次|个|项|年)$/, '');
}

export interface HeaderIndex {
  exact: Map<string, string>;
  loose: Map<string, string>;
  /** Keys claimed by two different fields: a schema mistake (tested to be empty). */
  collisions: string[];
}
const indexes = new Map<EntityName, HeaderIndex>();

function headerKeys(f: FieldDef): string[] {
  return [f.name, f.labels.zh, f.labels.en, ...f.headers];
}

/** The lookup tables for one schema (exported so a schema under test can be checked too). */
export function buildHeaderIndex(schema: EntitySchema): HeaderIndex {
  const idx: HeaderIndex = { exact: new Map(), loose: new Map(), collisions: [] };
  const put = (map: Map<string, string>, key: string, field: string): void => {
    if (key === '') return;
    const had = map.get(key);
    if (had !== undefined && had !== field) idx.collisions.push(`${key}: ${had} / ${field}`);
    else map.set(key, field);
  };
  for (const f of schema.fields) {
    for (const h of headerKeys(f)) {
      const n = normalizeHeader(h);
      put(idx.exact, n, f.name);
      put(idx.loose, stripHeaderQualifiers(n), f.name);
    }
  }
  return idx;
}

function index(entity: EntityName): HeaderIndex {
  let idx = indexes.get(entity);
  if (!idx) {
    idx = buildHeaderIndex(SCHEMAS[entity]);
    indexes.set(entity, idx);
  }
  return idx;
}

/** The field a spreadsheet column title means for `entity`, or null when it matches none. */
export function matchHeader(entity: EntityName, headerText: string): string | null {
  const n = normalizeHeader(headerText);
  if (n === '') return null;
  const idx = index(entity);
  return idx.exact.get(n) ?? idx.loose.get(stripHeaderQualifiers(n)) ?? null;
}

/** Maps a whole header row: column position → field (null for columns to ignore). A field claimed twice keeps the first column. */
export function matchHeaderRow(entity: EntityName, headers: readonly string[]): (string | null)[] {
  const taken = new Set<string>();
  return headers.map((h) => {
    const f = matchHeader(entity, h);
    if (f === null || taken.has(f)) return null;
    taken.add(f);
    return f;
  });
}

export function headerCollisions(entity: EntityName): readonly string[] {
  return index(entity).collisions;
}
