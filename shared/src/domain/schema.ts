/**
 * The schema DSL. One definition per entity drives validation (client and server), form fields,
 * list columns and spreadsheet column mapping. Logic reads these definitions; nothing is copied per entity.
 */
import type { EntityName, JsonValue } from '../change/op';

export interface Bilingual {
  zh: string;
  en: string;
}

export const FIELD_KINDS = [
  'text', // one line; maxLength (default 100), optional pattern
  'longtext', // several lines; maxLength
  'int', // whole number; min/max
  'amount', // money in 万元: min 0, at most 2 decimals
  'decimal', // number with `decimals` places; min/max
  'date', // ISO yyyy-mm-dd
  'year', // four-digit year
  'enum', // one option code
  'multiEnum', // several option codes; minCount/maxCount
  'ref', // id of a record of `target`
  'refs', // ids of records of `target`; minCount/maxCount
  'bool',
  'creditCode', // GB 32100-2015
  'divisionCode', // GB/T 2260 county-level (6 digits) or township (9 digits) code, by `level`
  'divisionCodes', // several county-level codes
  'keywords', // list of short strings; minCount/maxCount, itemMaxLength
  'trl', // technology readiness level 1–9
  'attachments', // list of sha256 hex ids of Attachment records
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One choice of an enum: a stable code (stored), labels, and the spellings a spreadsheet may use. */
export interface EnumOption {
  code: string;
  labels: Bilingual;
  synonyms?: readonly string[];
}

export interface ListColumn {
  /** Smaller comes first. */
  order: number;
  /** Pixels. */
  width: number;
}

export interface FieldPattern {
  regex: RegExp;
  /** Says what the value should look like, e.g. 「11 位手机号或带区号的固定电话」. */
  hint: Bilingual;
}

export interface FieldDef {
  name: string;
  kind: FieldKind;
  required: boolean;
  labels: Bilingual;
  help?: Bilingual;
  /** Column titles seen on real spreadsheets (synonyms); the zh and en labels always match too. */
  headers: readonly string[];
  /** Shown as a column in the record list when set. */
  listColumn?: ListColumn;
  /** Not typed by staff (kept by the app: status, ids); not in forms. */
  system: boolean;
  /** Form section id (see EntitySchema.sections). */
  section?: string;
  /** Value a new record starts with. */
  default?: JsonValue;

  // limits, by kind
  maxLength?: number;
  minLength?: number;
  pattern?: FieldPattern;
  min?: number;
  max?: number;
  decimals?: number;
  /** Shown after the input, e.g. 万元, 天. */
  unit?: Bilingual;
  minCount?: number;
  maxCount?: number;
  itemMaxLength?: number;
  options?: readonly EnumOption[];
  /** ref/refs: the entity pointed at. */
  target?: EntityName;
  /** ref/refs: fields of the target a spreadsheet cell may name it by (e.g. creditCode, name). */
  lookupBy?: readonly string[];
  /** divisionCode: which level is expected. */
  level?: 'county' | 'township';
}

/** Rules that involve more than one field. */
export type CrossRule =
  /** The character counts of `fields` add up to at most `max`. */
  | { kind: 'maxTotalLength'; fields: readonly string[]; max: number }
  /** `field` ≥ `than` when both are set (numbers, years, dates). */
  | { kind: 'notLess'; field: string; than: string }
  /** Exactly one of `fields` is set. */
  | { kind: 'exactlyOne'; fields: readonly string[] }
  /** The township code lies inside the county-level code. */
  | { kind: 'townshipInCounty'; township: string; county: string };

/**
 * Required to verify, not to record: a record in an early status (a demand in 草稿) may be saved while required
 * fields are still missing, except those that identify it and place it; a later status needs them all.
 */
export interface VerifyStage {
  /** The status field. */
  statusField: string;
  /** Statuses in which required fields may still be missing. */
  unverified: readonly string[];
  /** Required fields a record needs even before verification. */
  identifying: readonly string[];
}

export interface EntitySchema {
  name: EntityName;
  labels: Bilingual;
  /** Who writes it: counties (their own records) or the province (reference tables, notices). */
  ownedBy: 'county' | 'province';
  /** The field that names a record in lists, pickers and messages. */
  titleField: string;
  /** The field holding the county-level code that scopes the record (ownedBy 'county'). */
  countyField?: string;
  fields: readonly FieldDef[];
  rules: readonly CrossRule[];
  sections?: Readonly<Record<string, Bilingual>>;
  /** When set, required fields other than `identifying` are required to verify, not to record. */
  verifyStage?: VerifyStage;
}

/** What entity files write: defaults filled in by defineEntity. */
export type FieldInput = Omit<FieldDef, 'required' | 'headers' | 'system'> & {
  required?: boolean;
  headers?: readonly string[];
  system?: boolean;
};
export type EntityInput = Omit<EntitySchema, 'fields' | 'rules'> & {
  fields: readonly FieldInput[];
  rules?: readonly CrossRule[];
};

export const L = (zh: string, en: string): Bilingual => ({ zh, en });

export const opt = (code: string, zh: string, en: string, synonyms: readonly string[] = []): EnumOption => ({
  code,
  labels: { zh, en },
  synonyms,
});

const DEFAULT_TEXT_MAX = 100;

/**
 * Fills defaults and checks the definition itself, so a typo in a schema fails at load time
 * (a rule naming an unknown field, a field without limits it needs, duplicate names).
 */
export function defineEntity(input: EntityInput): EntitySchema {
  const seen = new Set<string>();
  const fields: FieldDef[] = input.fields.map((f) => {
    if (seen.has(f.name)) throw new Error(`${input.name}: duplicate field ${f.name}`);
    seen.add(f.name);
    const def: FieldDef = { ...f, required: f.required ?? false, headers: f.headers ?? [], system: f.system ?? false };
    return withKindDefaults(input.name, def);
  });
  const rules = input.rules ?? [];
  for (const r of rules) {
    for (const name of ruleFields(r)) {
      if (!seen.has(name)) throw new Error(`${input.name}: rule ${r.kind} names unknown field ${name}`);
    }
  }
  const stage = input.verifyStage;
  for (const name of [input.titleField, input.countyField, stage?.statusField, ...(stage?.identifying ?? [])]) {
    if (name !== undefined && !seen.has(name)) throw new Error(`${input.name}: unknown field ${name}`);
  }
  return { ...input, fields, rules };
}

export function ruleFields(r: CrossRule): readonly string[] {
  switch (r.kind) {
    case 'maxTotalLength':
    case 'exactlyOne':
      return r.fields;
    case 'notLess':
      return [r.field, r.than];
    case 'townshipInCounty':
      return [r.township, r.county];
  }
}

function withKindDefaults(entity: string, f: FieldDef): FieldDef {
  switch (f.kind) {
    case 'text':
      return { ...f, maxLength: f.maxLength ?? DEFAULT_TEXT_MAX };
    case 'longtext':
      if (f.maxLength === undefined) throw new Error(`${entity}.${f.name}: longtext needs maxLength`);
      return f;
    case 'amount':
      return { ...f, min: f.min ?? 0, decimals: 2, unit: f.unit ?? L('万元', '10k CNY') };
    case 'decimal':
      return { ...f, decimals: f.decimals ?? 2 };
    case 'year':
      return { ...f, min: f.min ?? 1949, max: f.max ?? 2100 };
    case 'trl':
      return { ...f, min: 1, max: 9 };
    case 'enum':
    case 'multiEnum':
      if (!f.options || f.options.length === 0) throw new Error(`${entity}.${f.name}: ${f.kind} needs options`);
      return f;
    case 'ref':
    case 'refs':
      if (!f.target) throw new Error(`${entity}.${f.name}: ${f.kind} needs a target entity`);
      return f;
    case 'divisionCode':
      return { ...f, level: f.level ?? 'county' };
    case 'keywords':
      return { ...f, itemMaxLength: f.itemMaxLength ?? 20 };
    default:
      return f;
  }
}
