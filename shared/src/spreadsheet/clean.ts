/**
 * One spreadsheet cell → the value its field stores, forgiving the ways offices really type:
 * Excel serial dates (1900 and 1904 systems), 「2022年4月22日」「2022.4.22」「2022/4/22」; amounts 「50万元」, 「50」 in a
 * 万元 column, 「500,000元」 (→ 50 万元); full-width digits and spaces; enum options by label, code or synonym;
 * lists split on 、，,；; credit codes normalised and checked. What cannot be read gets a reason, never a guess
 * (「五十万」 is refused: Chinese numerals are not converted).
 * Builds on the domain's coerceCell; limits are judged afterwards by validateRecord.
 */
import type { JsonValue } from '../change/op';
import { coerceCell, validateCreditCode, type Bilingual, type FieldDef, type ValidationCode } from '../domain';
import { stripSpaces, toHalfWidth } from '../domain/text';
import type { RawCell } from './workbook';

export type CleanCode = ValidationCode | 'CHINESE_NUMERAL' | 'NUMBER_PRECISION_LOST';
export type CleanWarningCode = 'ROUNDED' | 'YUAN_CONVERTED';

export interface CleanProblem {
  code: CleanCode;
  message: Bilingual;
  params: Record<string, JsonValue>;
}
export interface CleanWarning {
  code: CleanWarningCode;
  message: Bilingual;
}

export type CleanResult = { ok: true; value: JsonValue; warning?: CleanWarning } | { ok: false; problem: CleanProblem };

export interface CleanContext {
  /** The workbook uses Excel's 1904 date system. */
  date1904?: boolean;
  /** County of the row, to find township names inside it. */
  county?: string;
}

const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);
const CHINESE_NUMERALS = /[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]/;

export function cleanCell(f: FieldDef, raw: RawCell | undefined, ctx: CleanContext = {}): CleanResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'string' && stripSpaces(raw) === '') return { ok: true, value: null };
  switch (f.kind) {
    case 'date':
      return cleanDate(f, raw, ctx);
    case 'amount':
      return cleanAmount(f, raw);
    case 'int':
    case 'trl':
    case 'decimal':
    case 'year':
      if (typeof raw === 'string' && !/\d/.test(toHalfWidth(raw)) && CHINESE_NUMERALS.test(raw))
        return chineseNumeral(f, raw);
      return fromCoerce(f, raw, ctx);
    case 'creditCode':
      return cleanCreditCode(f, raw);
    case 'text':
    case 'longtext':
    case 'ref':
      return { ok: true, value: textOf(raw) };
    case 'keywords': {
      const s = textOf(raw);
      // 「智能制造 机器视觉」: spaces separate keywords only when no other separator is used.
      return fromCoerce(f, /[,，、;；|\n]/.test(s) ? s : s.replace(/[\s\u3000]+/g, '、'), ctx);
    }
    default:
      return fromCoerce(f, typeof raw === 'number' ? String(raw) : raw, ctx);
  }
}

function fromCoerce(f: FieldDef, raw: string | number | boolean, ctx: CleanContext): CleanResult {
  const r = coerceCell(f, typeof raw === 'string' ? raw.trim() : raw, ctx.county ? { county: ctx.county } : {});
  return r.ok
    ? { ok: true, value: r.value }
    : { ok: false, problem: { code: r.error.code, message: r.error.message, params: r.error.params } };
}

/** Numbers keep their digits: 13812345678 → "13812345678", not "1.38e10". */
function textOf(raw: string | number | boolean): string {
  if (typeof raw === 'boolean') return raw ? '是' : '否';
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
  // Our exports write 「'=…」 for text starting with a formula character (write-cells.ts); reading it back undoes that.
  return raw.trim().replace(/^'(?=[=+\-@])/, '');
}

export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const ms = (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function cleanDate(f: FieldDef, raw: string | number | boolean, ctx: CleanContext): CleanResult {
  if (typeof raw === 'number') {
    const iso = serialToIso(raw, ctx.date1904);
    return iso ? { ok: true, value: iso } : problem(f, 'BAD_DATE', { value: String(raw) });
  }
  if (typeof raw === 'boolean') return problem(f, 'BAD_DATE', { value: String(raw) });
  let s = stripSpaces(toHalfWidth(raw));
  // A serial number typed as text (CSV exports of date cells formatted as General).
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const iso = serialToIso(Number(s), ctx.date1904);
    return iso ? { ok: true, value: iso } : problem(f, 'BAD_DATE', { value: raw });
  }
  // Drop a time of day: 「2022-04-22 10:30」「2022/4/22 0:00:00」.
  s = toHalfWidth(raw)
    .trim()
    .replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, '');
  const r = fromCoerce(f, s, ctx);
  return r.ok ? r : problem(f, 'BAD_DATE', { value: raw });
}

function cleanAmount(f: FieldDef, raw: string | number | boolean): CleanResult {
  if (typeof raw === 'number') return { ok: true, value: raw };
  if (typeof raw === 'boolean') return problem(f, 'NOT_A_NUMBER', { value: String(raw) });
  const s = stripSpaces(toHalfWidth(raw))
    .replace(/[,，]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/^人民币/, '');
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+))(亿元|亿|万元|万|元)?$/.exec(s);
  if (!m) {
    if (!/\d/.test(s) && CHINESE_NUMERALS.test(s)) return chineseNumeral(f, raw);
    return problem(f, 'NOT_A_NUMBER', { value: raw });
  }
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === '元') {
    const wan = n / 10_000;
    const rounded = Math.round(wan * 100) / 100;
    const warning: CleanWarning =
      rounded === wan
        ? {
            code: 'YUAN_CONVERTED',
            message: { zh: `「${raw}」已换算为 ${rounded} 万元`, en: `"${raw}" was converted to ${rounded} 万元` },
          }
        : {
            code: 'ROUNDED',
            message: {
              zh: `「${raw}」换算为 ${rounded} 万元（保留两位小数）`,
              en: `"${raw}" became ${rounded} 万元 (rounded to 2 decimals)`,
            },
          };
    return { ok: true, value: rounded, warning };
  }
  return { ok: true, value: unit.startsWith('亿') ? n * 10_000 : n };
}

function cleanCreditCode(f: FieldDef, raw: string | number | boolean): CleanResult {
  if (typeof raw === 'number') {
    // An 18-digit code typed into a General cell became a float: its last digits are gone.
    return problem(f, 'NUMBER_PRECISION_LOST', { value: String(raw) });
  }
  const r = validateCreditCode(String(raw));
  if (r.ok) return { ok: true, value: r.value };
  const params: Record<string, JsonValue> = { value: r.value };
  if (r.error.expected) params.expected = r.error.expected;
  if (r.error.actual) params.actual = r.error.actual;
  if (r.error.position) params.position = r.error.position;
  return { ok: false, problem: { code: r.error.code, message: r.error.message, params } };
}

function chineseNumeral(f: FieldDef, raw: string): CleanResult {
  return problem(f, 'CHINESE_NUMERAL', { value: raw });
}

const MESSAGES: Partial<Record<CleanCode, (f: FieldDef, p: Record<string, JsonValue>) => Bilingual>> = {
  CHINESE_NUMERAL: (f, p) => ({
    zh: `「${f.labels.zh}」填的是中文数字「${String(p.value)}」，请改为阿拉伯数字${f.unit ? `（单位：${f.unit.zh}，如 50）` : ''}`,
    en: `"${f.labels.en}" holds Chinese numerals ("${String(p.value)}"); write digits${f.unit ? ` (in ${f.unit.en}, e.g. 50)` : ''}`,
  }),
  NUMBER_PRECISION_LOST: (f) => ({
    zh: `「${f.labels.zh}」被 Excel 存成了数字，后几位已丢失。请把该列设为“文本”格式后重新填写`,
    en: `"${f.labels.en}" was stored as a number by Excel and lost its last digits; format the column as text and type it again`,
  }),
  NOT_A_NUMBER: (f, p) => ({
    zh: `「${f.labels.zh}」应填写数字${f.unit ? `（单位：${f.unit.zh}）` : ''}，「${String(p.value ?? '')}」无法识别`,
    en: `"${f.labels.en}" must be a number${f.unit ? ` (in ${f.unit.en})` : ''}; "${String(p.value ?? '')}" is not`,
  }),
  BAD_DATE: (f, p) => ({
    zh: `「${f.labels.zh}」中的「${String(p.value ?? '')}」不是有效日期，请按 2025-03-05 或 2025年3月5日 填写`,
    en: `"${String(p.value ?? '')}" in "${f.labels.en}" is not a valid date; write it like 2025-03-05`,
  }),
};

function problem(f: FieldDef, code: CleanCode, params: Record<string, JsonValue>): CleanResult {
  const make = MESSAGES[code];
  const message = make ? make(f, params) : { zh: `「${f.labels.zh}」填写有误`, en: `"${f.labels.en}" is not valid` };
  return { ok: false, problem: { code, message, params } };
}
