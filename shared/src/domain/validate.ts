/**
 * Validation driven by the schemas: one code path for every entity, on the client (as you type, on save,
 * on import) and on the server (on every op). Each problem is a FieldError with a stable code and a plain message.
 */
import type { EntityName, JsonValue } from '../change/op';
import { validateCreditCode } from './creditCode';
import { getDivision, isCountyLevel, isTownship } from './divisions';
import { fieldError, quoteLabels, type FieldError, type Params } from './messages';
import { getField, getSchema } from './registry';
import { ruleFields, type CrossRule, type EntitySchema, type FieldDef } from './schema';
import { charCount, findBadText } from './text';

export type { FieldError } from './messages';

export type RecordValues = Readonly<Record<string, JsonValue | undefined>>;

export interface ValidationContext {
  /** Says whether a referenced record exists; without it references are only checked for form. */
  refExists?: (entity: EntityName, id: string) => boolean;
  /** Overrides the shipped Hebei division tree (e.g. with province-pushed corrections). */
  isKnownDivision?: (code: string, level: 'county' | 'township') => boolean;
  /**
   * Check only the fields present in `record` (a patch); cross-field rules run when all their fields are present.
   * A patch without the status cannot tell whether a field is required yet (required to verify, not to record): only
   * the fields needed to record are required then, and the whole record is checked where it is known.
   */
  partial?: boolean;
}

export function isEmptyValue(v: JsonValue | undefined): boolean {
  return (
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
}

/** Every problem with a record: one error per bad field (the first found), then the cross-field rules. */
export function validateRecord(entity: EntityName, record: RecordValues, ctx: ValidationContext = {}): FieldError[] {
  const schema = getSchema(entity);
  const errors: FieldError[] = [];
  const stage = stageOf(schema, record, ctx);
  for (const field of schema.fields) {
    if (ctx.partial && !(field.name in record)) continue;
    const e = checkField(field, record[field.name], ctx, { schema, stage });
    if (e) errors.push(e);
  }
  const bad = new Set(errors.map((e) => e.field));
  for (const rule of schema.rules) {
    const e = checkRule(schema, rule, record, bad, ctx);
    if (e) errors.push(e);
  }
  return errors;
}

/** Checks one value alone (as the user types). Cross-field rules need the record: use validateRecord. */
export function validateField(
  entity: EntityName,
  field: string,
  value: JsonValue | undefined,
  ctx: ValidationContext = {},
): FieldError | null {
  const def = getField(entity, field);
  if (!def) return fieldError(undefined, field, 'UNKNOWN_FIELD');
  const schema = getSchema(entity);
  return checkField(def, value, ctx, { schema, stage: ctx.partial ? stageOf(schema, {}, ctx) : 'any' });
}

/**
 * Which required fields a record needs now (required to verify, not to record): 'record' while it is unverified (a
 * draft: only the identifying fields), 'verify' once verified or later (all), 'any' for entities without stages.
 */
type Stage = 'any' | 'record' | 'verify';

function stageOf(schema: EntitySchema, record: RecordValues, ctx: ValidationContext): Stage {
  const vs = schema.verifyStage;
  if (!vs) return 'any';
  if (!(vs.statusField in record) || isEmptyValue(record[vs.statusField])) return ctx.partial ? 'record' : 'verify';
  return vs.unverified.includes(String(record[vs.statusField])) ? 'record' : 'verify';
}

function requiredNow(schema: EntitySchema, f: FieldDef, stage: Stage): FieldError['code'] | null {
  if (!f.required) return null;
  if (stage === 'any' || !schema.verifyStage || schema.verifyStage.identifying.includes(f.name) || f.system)
    return 'REQUIRED';
  return stage === 'verify' ? 'REQUIRED_TO_VERIFY' : null;
}

/**
 * The required fields a record still lacks before it may be verified (待补全): empty while the record is complete.
 * The import's dry run and the lists show them; a move to a verified status is refused while any is missing.
 */
export function missingToVerify(entity: EntityName, record: RecordValues): FieldError[] {
  const schema = getSchema(entity);
  const out: FieldError[] = [];
  for (const f of schema.fields) {
    if (!f.required || !isEmptyValue(record[f.name])) continue;
    out.push(fieldError(f, f.name, requiredNow(schema, f, 'verify')!));
  }
  return out;
}

function checkField(
  f: FieldDef,
  v: JsonValue | undefined,
  ctx: ValidationContext,
  at: { schema: EntitySchema; stage: Stage },
): FieldError | null {
  // First, whatever the kind: a character no store can hold (normalisation strips control characters, so only a
  // value that skipped it, or a lone surrogate, gets here).
  const bad = findBadText(v);
  if (bad) return err(f, bad);
  if (isEmptyValue(v)) {
    const code = requiredNow(at.schema, f, at.stage);
    return code ? fieldError(f, f.name, code) : null;
  }
  return checkValue(f, v as JsonValue, ctx);
}

const err = (f: FieldDef, code: FieldError['code'], params: Params = {}): FieldError =>
  fieldError(f, f.name, code, params);

function checkValue(f: FieldDef, v: JsonValue, ctx: ValidationContext): FieldError | null {
  switch (f.kind) {
    case 'text':
    case 'longtext':
      return checkText(f, v);
    case 'int':
    case 'trl':
      return checkNumber(f, v, 0);
    case 'amount':
    case 'decimal':
      return checkNumber(f, v, f.decimals ?? 2);
    case 'year':
      if (typeof v !== 'number' || !Number.isInteger(v)) return err(f, 'BAD_YEAR');
      return checkRange(f, v);
    case 'date':
      return typeof v === 'string' && isIsoDate(v)
        ? null
        : err(f, 'BAD_DATE', { value: typeof v === 'string' ? v : null });
    case 'bool':
      return typeof v === 'boolean' ? null : err(f, 'WRONG_TYPE');
    case 'enum':
      if (typeof v !== 'string') return err(f, 'WRONG_TYPE');
      return f.options!.some((o) => o.code === v) ? null : err(f, 'NOT_IN_OPTIONS', { value: v });
    case 'creditCode': {
      if (typeof v !== 'string') return err(f, 'WRONG_TYPE');
      const r = validateCreditCode(v);
      if (r.ok) {
        // Stored codes are in one form so that duplicates are found; normalizeValue makes it.
        return r.value === v
          ? null
          : err(f, 'BAD_FORMAT', {
              hintZh: `${r.value}（大写、半角、不含空格）`,
              hintEn: `${r.value} (upper-case, half-width, no spaces)`,
              normalized: r.value,
            });
      }
      const { code, message, ...rest } = r.error;
      const params: Params = {};
      for (const [k, x] of Object.entries(rest)) if (x !== undefined) params[k] = x;
      return { field: f.name, code, params, message };
    }
    case 'divisionCode':
      if (typeof v !== 'string') return err(f, 'WRONG_TYPE');
      return knownDivision(v, f.level ?? 'county', ctx)
        ? null
        : err(f, 'DIVISION_UNKNOWN', { value: v, level: f.level ?? 'county' });
    case 'ref':
      if (typeof v !== 'string') return err(f, 'WRONG_TYPE');
      return ctx.refExists && !ctx.refExists(f.target!, v) ? err(f, 'REF_NOT_FOUND', { value: v }) : null;
    case 'multiEnum':
    case 'refs':
    case 'divisionCodes':
    case 'keywords':
    case 'attachments':
      return checkList(f, v, ctx);
  }
}

function checkText(f: FieldDef, v: JsonValue): FieldError | null {
  if (typeof v !== 'string') return err(f, 'WRONG_TYPE');
  const n = charCount(v);
  if (f.maxLength !== undefined && n > f.maxLength) return err(f, 'TOO_LONG', { max: f.maxLength, actual: n });
  if (f.minLength !== undefined && n < f.minLength) return err(f, 'TOO_SHORT', { min: f.minLength, actual: n });
  if (f.pattern && !f.pattern.regex.test(v))
    return err(f, 'BAD_FORMAT', { hintZh: f.pattern.hint.zh, hintEn: f.pattern.hint.en });
  return null;
}

function checkNumber(f: FieldDef, v: JsonValue, decimals: number): FieldError | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return err(f, 'NOT_A_NUMBER');
  if (decimals === 0 && !Number.isInteger(v)) return err(f, 'NOT_INTEGER');
  if (decimals > 0 && !hasAtMostDecimals(v, decimals)) return err(f, 'TOO_MANY_DECIMALS', { decimals });
  return checkRange(f, v);
}

function checkRange(f: FieldDef, v: number): FieldError | null {
  if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) {
    return err(f, 'OUT_OF_RANGE', { min: f.min ?? null, max: f.max ?? null, value: v });
  }
  return null;
}

/** 12.34 has 2 decimals even though 12.34 * 100 is 1233.9999999999998 in binary. */
export function hasAtMostDecimals(v: number, decimals: number): boolean {
  const scaled = v * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const SHA256 = /^[0-9a-f]{64}$/;

function checkList(f: FieldDef, v: JsonValue, ctx: ValidationContext): FieldError | null {
  if (!Array.isArray(v)) return err(f, 'WRONG_TYPE');
  const seen = new Set<string>();
  for (const item of v) {
    if (typeof item !== 'string') return err(f, 'WRONG_TYPE');
    const e = checkItem(f, item, ctx);
    if (e) return e;
    const key = f.kind === 'keywords' ? item.trim() : item;
    if (seen.has(key)) return err(f, 'DUPLICATE_ITEM', { value: displayItem(f, item) });
    seen.add(key);
  }
  if (f.minCount !== undefined && v.length < f.minCount)
    return err(f, 'TOO_FEW_ITEMS', { min: f.minCount, actual: v.length });
  if (f.maxCount !== undefined && v.length > f.maxCount)
    return err(f, 'TOO_MANY_ITEMS', { max: f.maxCount, actual: v.length });
  return null;
}

function checkItem(f: FieldDef, item: string, ctx: ValidationContext): FieldError | null {
  switch (f.kind) {
    case 'multiEnum':
      return f.options!.some((o) => o.code === item) ? null : err(f, 'NOT_IN_OPTIONS', { value: item });
    case 'refs':
      if (item === '') return err(f, 'WRONG_TYPE');
      return ctx.refExists && !ctx.refExists(f.target!, item) ? err(f, 'REF_NOT_FOUND', { value: item }) : null;
    case 'divisionCodes':
      return knownDivision(item, 'county', ctx) ? null : err(f, 'DIVISION_UNKNOWN', { value: item, level: 'county' });
    case 'keywords': {
      const t = item.trim();
      if (t === '') return err(f, 'WRONG_TYPE');
      return f.itemMaxLength !== undefined && charCount(t) > f.itemMaxLength
        ? err(f, 'ITEM_TOO_LONG', { value: t, max: f.itemMaxLength })
        : null;
    }
    case 'attachments':
      return SHA256.test(item) ? null : err(f, 'BAD_SHA256', { value: item.slice(0, 16) });
    default:
      return null;
  }
}

function displayItem(f: FieldDef, item: string): string {
  return f.options?.find((o) => o.code === item)?.labels.zh ?? item;
}

function knownDivision(code: string, level: 'county' | 'township', ctx: ValidationContext): boolean {
  if (ctx.isKnownDivision) return ctx.isKnownDivision(code, level);
  return level === 'county' ? isCountyLevel(code) : isTownship(code);
}

function checkRule(
  schema: EntitySchema,
  rule: CrossRule,
  r: RecordValues,
  bad: ReadonlySet<string>,
  ctx: ValidationContext,
): FieldError | null {
  const def = (name: string): FieldDef => schema.fields.find((f) => f.name === name)!;
  const names = ruleFields(rule);
  if (names.some((n) => bad.has(n))) return null;
  if (ctx.partial && names.some((n) => !(n in r))) return null;
  switch (rule.kind) {
    case 'maxTotalLength': {
      const total = rule.fields.reduce((sum, n) => sum + (typeof r[n] === 'string' ? charCount(r[n]) : 0), 0);
      if (total <= rule.max) return null;
      const fields = rule.fields.map(def);
      return fieldError(fields[0], rule.fields[0]!, 'TOTAL_TOO_LONG', {
        max: rule.max,
        actual: total,
        fields: [...rule.fields],
        ...quoteLabels(fields),
      });
    }
    case 'notLess': {
      const a = r[rule.field];
      const b = r[rule.than];
      if (isEmptyValue(a) || isEmptyValue(b)) return null;
      if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')))
        return null;
      if (a >= b) return null;
      const other = def(rule.than);
      return fieldError(def(rule.field), rule.field, 'LESS_THAN_OTHER', {
        other: rule.than,
        otherZh: other.labels.zh,
        otherEn: other.labels.en,
        value: a,
        otherValue: b,
      });
    }
    case 'exactlyOne': {
      const count = rule.fields.filter((n) => !isEmptyValue(r[n])).length;
      if (count === 1) return null;
      const fields = rule.fields.map(def);
      return fieldError(fields[0], rule.fields[0]!, 'EXACTLY_ONE', {
        count,
        fields: [...rule.fields],
        ...quoteLabels(fields),
      });
    }
    case 'townshipInCounty': {
      const t = r[rule.township];
      const c = r[rule.county];
      if (typeof t !== 'string' || typeof c !== 'string' || t === '' || c === '') return null;
      if (t.startsWith(c) && t.length === c.length + 3) return null;
      return fieldError(def(rule.township), rule.township, 'TOWNSHIP_NOT_IN_COUNTY', {
        township: t,
        county: c,
        townshipName: getDivision(t)?.name ?? t,
        countyName: getDivision(c)?.name ?? c,
      });
    }
  }
}
