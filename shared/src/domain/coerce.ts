/**
 * Turns what a spreadsheet cell holds (text typed by a clerk, an Excel number or date) into the value a field stores.
 * 「是」→ true, 「2024年3月5日」→ "2024-03-05", 「高企、科小」→ ["high_tech","tech_sme"], 「高阳县」→ "130628".
 * References stay as text (an id, a name or a credit code): the importer resolves them with the field's lookupBy.
 * Coercion never judges limits; run validateRecord on the result.
 */
import type { JsonValue } from '../change/op';
import { normalizeCreditCode } from './creditCode';
import { cities, countyLevelUnits, getDivision, pathLabel, townshipsOf, type Division } from './divisions';
import { fieldError, type FieldError } from './messages';
import type { EnumOption, FieldDef } from './schema';
import { stripSpaces, toHalfWidth } from './text';
import { isIsoDate } from './validate';

export type CellValue = string | number | boolean | Date | null | undefined;
export type CoerceResult = { ok: true; value: JsonValue } | { ok: false; error: FieldError };

export interface CoerceContext {
  /** County already known for the row: township names are looked up inside it. */
  county?: string;
}

const ok = (value: JsonValue): CoerceResult => ({ ok: true, value });
const bad = (f: FieldDef, code: FieldError['code'], params: Record<string, JsonValue> = {}): CoerceResult => ({
  ok: false,
  error: fieldError(f, f.name, code, params),
});

const LIST_SEPARATORS = /[,，、;；|\n\r]+|\/(?!\d)/;

export function coerceCell(f: FieldDef, raw: CellValue, ctx: CoerceContext = {}): CoerceResult {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw === 'string' && raw.trim() === '') return ok(null);
  switch (f.kind) {
    case 'text':
    case 'longtext':
    case 'ref':
      return ok(cellText(raw));
    case 'creditCode':
      return ok(normalizeCreditCode(cellText(raw)));
    case 'int':
    case 'trl':
    case 'amount':
    case 'decimal':
    case 'year':
      return coerceNumber(f, raw);
    case 'date':
      return coerceDate(f, raw);
    case 'bool':
      return coerceBool(f, raw);
    case 'enum': {
      const o = findOption(f.options!, cellText(raw));
      return o ? ok(o.code) : bad(f, 'NOT_IN_OPTIONS', { value: cellText(raw) });
    }
    case 'multiEnum':
      return coerceMultiEnum(f, cellText(raw));
    case 'keywords':
      return ok(dedupe(splitList(cellText(raw))));
    case 'refs':
      return ok(dedupe(splitList(cellText(raw))));
    case 'attachments':
      return ok(dedupe(splitList(cellText(raw)).map((s) => s.toLowerCase())));
    case 'divisionCode': {
      const d = f.level === 'township' ? findTownship(cellText(raw), ctx.county) : findCounty(cellText(raw));
      return d.ok ? ok(d.code) : divisionError(f, cellText(raw), f.level ?? 'county', d);
    }
    case 'divisionCodes': {
      const codes: string[] = [];
      for (const part of splitList(cellText(raw))) {
        const d = findCounty(part);
        if (!d.ok) return divisionError(f, part, 'county', d);
        codes.push(d.code);
      }
      return ok(dedupe(codes));
    }
  }
}

function cellText(raw: Exclude<CellValue, null | undefined>): string {
  if (raw instanceof Date) return isoFromDate(raw);
  return String(raw).trim();
}

function splitList(s: string): string[] {
  return s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

const NUMBER_UNITS = /(万元|万|元|天|人次|人|次|个|项|级|年度|年)$/;

function coerceNumber(f: FieldDef, raw: Exclude<CellValue, null | undefined>): CoerceResult {
  if (typeof raw === 'number') return ok(raw);
  if (typeof raw === 'boolean' || raw instanceof Date) return bad(f, 'NOT_A_NUMBER');
  let s = stripSpaces(toHalfWidth(raw)).replace(/,/g, '');
  if (f.kind === 'trl') s = s.replace(/^(trl|TRL)/, '');
  if (f.kind === 'amount' && /[^万]元$/.test(s)) return bad(f, 'NOT_A_NUMBER'); // yuan, not 万元: do not guess
  s = s.replace(NUMBER_UNITS, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return f.kind === 'year' ? bad(f, 'BAD_YEAR') : bad(f, 'NOT_A_NUMBER');
  return ok(Number(s));
}

/** Excel's day 0 is 1899-12-30 (it counts the phantom 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function coerceDate(f: FieldDef, raw: Exclude<CellValue, null | undefined>): CoerceResult {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? bad(f, 'BAD_DATE') : ok(isoFromDate(raw));
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 1 || raw > 2958465) return bad(f, 'BAD_DATE');
    return ok(new Date(EXCEL_EPOCH_MS + raw * 86_400_000).toISOString().slice(0, 10));
  }
  if (typeof raw === 'boolean') return bad(f, 'BAD_DATE');
  const s = stripSpaces(toHalfWidth(raw));
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return bad(f, 'BAD_DATE', { value: raw });
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? ok(iso) : bad(f, 'BAD_DATE', { value: raw });
}

/** A Date from a spreadsheet library stands for a calendar day in local time. */
function isoFromDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const TRUE_WORDS = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '对']);
const FALSE_WORDS = new Set(['否', '无', 'n', 'no', 'false', '0', '×', '✗', 'x', '不是']);

function coerceBool(f: FieldDef, raw: Exclude<CellValue, null | undefined>): CoerceResult {
  if (typeof raw === 'boolean') return ok(raw);
  const s = stripSpaces(toHalfWidth(String(raw))).toLowerCase();
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  return bad(f, 'NOT_IN_OPTIONS', { value: String(raw) });
}

function optionKey(s: string): string {
  return stripSpaces(toHalfWidth(s))
    .replace(/[“”"'‘’「」]/g, '')
    .toLowerCase();
}

/** An option by its code, zh or en label, or one of its synonyms. */
export function findOption(options: readonly EnumOption[], text: string): EnumOption | undefined {
  const k = optionKey(text);
  if (k === '') return undefined;
  return options.find((o) => [o.code, o.labels.zh, o.labels.en, ...(o.synonyms ?? [])].some((x) => optionKey(x) === k));
}

function coerceMultiEnum(f: FieldDef, text: string): CoerceResult {
  const codes: string[] = [];
  for (const part of splitList(text)) {
    const whole = findOption(f.options!, part);
    const found = whole ? [whole] : part.split(/\s+/).map((p) => findOption(f.options!, p));
    for (const [i, o] of found.entries()) {
      if (!o) return bad(f, 'NOT_IN_OPTIONS', { value: whole ? part : part.split(/\s+/)[i]! });
      codes.push(o.code);
    }
  }
  return ok(dedupe(codes));
}

type Found = { ok: true; code: string } | { ok: false; ambiguous?: Division[] };

/** County-level units by full and short name (「高阳县」 and 「高阳」), built once. */
let countyNames: Map<string, Division[]> | null = null;
let cityPrefixes: { code: string; prefix: string }[] | null = null;

function nameKeys(name: string): string[] {
  const short = name.replace(SUFFIX, '');
  return short.length >= 2 && short !== name ? [name, short] : [name];
}

function countyNameIndex(): Map<string, Division[]> {
  if (!countyNames) {
    countyNames = new Map();
    for (const u of countyLevelUnits()) {
      for (const k of nameKeys(u.name)) countyNames.set(k, [...(countyNames.get(k) ?? []), u]);
    }
  }
  return countyNames;
}

function cityPrefixList(): { code: string; prefix: string }[] {
  cityPrefixes ??= cities().flatMap((c) =>
    [c.name, c.name.replace(/市$/, '')].map((prefix) => ({ code: c.code, prefix })),
  );
  return cityPrefixes;
}

/** A county-level unit by code or name: 「130628」「高阳县」「高阳」「保定市高阳县」「河北省保定市高阳县」. */
export function findCounty(text: string): Found {
  const s = stripSpaces(toHalfWidth(text)).replace(/^河北省?/, '');
  if (/^\d{6}$/.test(s)) return getDivision(s)?.level === 'county' ? { ok: true, code: s } : { ok: false };
  const byName = countyNameIndex();
  const lookup = (name: string): Division[] => byName.get(name) ?? byName.get(name.replace(SUFFIX, '')) ?? [];
  const city = cityPrefixList().find((c) => s.startsWith(c.prefix) && s.length > c.prefix.length);
  if (city) {
    const inCity = lookup(s.slice(city.prefix.length)).filter((u) => u.parent === city.code);
    if (inCity.length > 0) return unique(inCity);
  }
  // Zone names start with their city's name: 「保定白沟新城」, 「石家庄高新技术产业开发区」.
  return unique(lookup(s));
}

/** A township by code, or by name inside `county` (names repeat across counties, so a name needs the county). */
export function findTownship(text: string, county?: string): Found {
  const s = stripSpaces(toHalfWidth(text));
  if (/^\d{9}$/.test(s)) return getDivision(s)?.level === 'township' ? { ok: true, code: s } : { ok: false };
  if (!county) return { ok: false };
  const countyName = getDivision(county)?.name ?? '';
  const rest = countyName && s.startsWith(countyName) ? s.slice(countyName.length) : s;
  // Some townships carry the county name in the data (「高阳县锦华街道」); clerks write it either way.
  const bare = (t: Division): Division =>
    countyName && t.name.startsWith(countyName) ? { ...t, name: t.name.slice(countyName.length) } : t;
  return unique(townshipsOf(county).filter((t) => [t, bare(t)].some((d) => nameMatches(d, rest) || nameMatches(d, s))));
}

const SUFFIX = /(满族蒙古族自治县|满族自治县|回族自治县|自治县|县|市|区|街道办事处|街道|镇|乡)$/;

function nameMatches(d: Division, s: string): boolean {
  if (s === '') return false;
  if (d.name === s) return true;
  const short = d.name.replace(SUFFIX, '');
  return short.length >= 2 && short === s.replace(SUFFIX, '');
}

function unique(list: Division[]): Found {
  if (list.length === 1) return { ok: true, code: list[0]!.code };
  return list.length > 1 ? { ok: false, ambiguous: list } : { ok: false };
}

function divisionError(f: FieldDef, value: string, level: 'county' | 'township', found: Found): CoerceResult {
  if (!found.ok && found.ambiguous) {
    return bad(f, 'DIVISION_AMBIGUOUS', {
      value,
      level,
      candidates: found.ambiguous.map((d) => d.code),
      paths: found.ambiguous.map((d) => pathLabel(d.code, '')),
    });
  }
  return bad(f, 'DIVISION_UNKNOWN', { value, level });
}
