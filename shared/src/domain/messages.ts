/**
 * Plain-language messages for validation codes. Codes are stable (APIs, logs, tests); messages are for people:
 * they name the field by its label and say what to do, in Chinese first.
 */
import type { JsonValue } from '../change/op';
import type { Bilingual, FieldDef } from './schema';

export const VALIDATION_CODES = [
  'REQUIRED',
  'WRONG_TYPE',
  'TOO_LONG',
  'TOO_SHORT',
  'BAD_FORMAT',
  'NOT_A_NUMBER',
  'NOT_INTEGER',
  'TOO_MANY_DECIMALS',
  'OUT_OF_RANGE',
  'BAD_DATE',
  'BAD_YEAR',
  'NOT_IN_OPTIONS',
  'TOO_FEW_ITEMS',
  'TOO_MANY_ITEMS',
  'DUPLICATE_ITEM',
  'ITEM_TOO_LONG',
  'REF_NOT_FOUND',
  'DIVISION_UNKNOWN',
  'DIVISION_AMBIGUOUS',
  'BAD_SHA256',
  'CREDIT_CODE_EMPTY',
  'CREDIT_CODE_LENGTH',
  'CREDIT_CODE_CHARSET',
  'CREDIT_CODE_CHECK',
  'TOTAL_TOO_LONG',
  'LESS_THAN_OTHER',
  'EXACTLY_ONE',
  'TOWNSHIP_NOT_IN_COUNTY',
  'UNKNOWN_FIELD',
  'CONTROL_CHARACTER',
  'LONE_SURROGATE',
  'REQUIRED_TO_VERIFY',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

export type Params = Record<string, JsonValue>;

export interface FieldError {
  field: string;
  code: ValidationCode;
  params: Params;
  message: Bilingual;
}

type Template = (label: Bilingual, p: Params, field: FieldDef | undefined) => Bilingual;

const s = (v: JsonValue | undefined): string =>
  v === undefined || v === null ? '' : Array.isArray(v) ? v.join('、') : String(v);
const unitZh = (f: FieldDef | undefined): string => (f?.unit ? ` ${f.unit.zh}` : '');
const unitEn = (f: FieldDef | undefined): string => (f?.unit ? ` ${f.unit.en}` : '');
const isTimeLike = (f: FieldDef | undefined): boolean => f?.kind === 'date' || f?.kind === 'year';

const LEVEL: Record<string, Bilingual> = {
  county: { zh: '县（市、区）', en: 'county' },
  township: { zh: '乡镇（街道）', en: 'township' },
};

const TEMPLATES: Record<ValidationCode, Template> = {
  REQUIRED: (l) => ({ zh: `「${l.zh}」必须填写`, en: `"${l.en}" is required` }),
  WRONG_TYPE: (l) => ({
    zh: `「${l.zh}」填写的内容类型不对，请重新填写`,
    en: `"${l.en}" holds the wrong kind of value`,
  }),
  TOO_LONG: (l, p) => ({
    zh: `「${l.zh}」最多 ${s(p.max)} 字，现在有 ${s(p.actual)} 字`,
    en: `"${l.en}" allows at most ${s(p.max)} characters; it has ${s(p.actual)}`,
  }),
  TOO_SHORT: (l, p) => ({
    zh: `「${l.zh}」至少要 ${s(p.min)} 字`,
    en: `"${l.en}" needs at least ${s(p.min)} characters`,
  }),
  BAD_FORMAT: (l, p) => ({
    zh: `「${l.zh}」格式不对，应为${s(p.hintZh)}`,
    en: `"${l.en}" is not in the right form: expected ${s(p.hintEn)}`,
  }),
  NOT_A_NUMBER: (l) => ({ zh: `「${l.zh}」应填写数字`, en: `"${l.en}" must be a number` }),
  NOT_INTEGER: (l) => ({ zh: `「${l.zh}」应填写整数`, en: `"${l.en}" must be a whole number` }),
  TOO_MANY_DECIMALS: (l, p) => ({
    zh: `「${l.zh}」最多保留 ${s(p.decimals)} 位小数`,
    en: `"${l.en}" allows at most ${s(p.decimals)} decimals`,
  }),
  OUT_OF_RANGE: (l, p, f) => {
    const hasMin = p.min !== undefined && p.min !== null;
    const hasMax = p.max !== undefined && p.max !== null;
    if (hasMin && hasMax) {
      return {
        zh: `「${l.zh}」应在 ${s(p.min)} 到 ${s(p.max)}${unitZh(f)} 之间`,
        en: `"${l.en}" must be between ${s(p.min)} and ${s(p.max)}${unitEn(f)}`,
      };
    }
    if (hasMin)
      return {
        zh: `「${l.zh}」不能小于 ${s(p.min)}${unitZh(f)}`,
        en: `"${l.en}" must be at least ${s(p.min)}${unitEn(f)}`,
      };
    return {
      zh: `「${l.zh}」不能大于 ${s(p.max)}${unitZh(f)}`,
      en: `"${l.en}" must be at most ${s(p.max)}${unitEn(f)}`,
    };
  },
  BAD_DATE: (l) => ({
    zh: `「${l.zh}」不是有效日期，请按 2025-03-05 这样的格式填写`,
    en: `"${l.en}" is not a valid date; write it like 2025-03-05`,
  }),
  BAD_YEAR: (l) => ({
    zh: `「${l.zh}」应填写四位年份，如 2025`,
    en: `"${l.en}" must be a four-digit year such as 2025`,
  }),
  NOT_IN_OPTIONS: (l, p) => ({
    zh: `「${l.zh}」只能从列表中选择，「${s(p.value)}」不在其中`,
    en: `"${l.en}" must be chosen from the list; "${s(p.value)}" is not on it`,
  }),
  TOO_FEW_ITEMS: (l, p) => ({
    zh: `「${l.zh}」至少要填 ${s(p.min)} 项`,
    en: `"${l.en}" needs at least ${s(p.min)} items`,
  }),
  TOO_MANY_ITEMS: (l, p) => ({
    zh: `「${l.zh}」最多填 ${s(p.max)} 项，现在有 ${s(p.actual)} 项`,
    en: `"${l.en}" allows at most ${s(p.max)} items; it has ${s(p.actual)}`,
  }),
  DUPLICATE_ITEM: (l, p) => ({
    zh: `「${l.zh}」中「${s(p.value)}」重复了`,
    en: `"${s(p.value)}" appears twice in "${l.en}"`,
  }),
  ITEM_TOO_LONG: (l, p) => ({
    zh: `「${l.zh}」中「${s(p.value)}」太长，每项最多 ${s(p.max)} 字`,
    en: `"${s(p.value)}" in "${l.en}" is too long; at most ${s(p.max)} characters each`,
  }),
  REF_NOT_FOUND: (l) => ({
    zh: `「${l.zh}」选择的记录不存在或已删除，请重新选择`,
    en: `The record chosen for "${l.en}" does not exist or was deleted`,
  }),
  DIVISION_UNKNOWN: (l, p) => ({
    zh: `「${l.zh}」中的「${s(p.value)}」不是河北省的${LEVEL[s(p.level)]?.zh ?? ''}，请从列表中选择`,
    en: `"${s(p.value)}" in "${l.en}" is not a Hebei ${LEVEL[s(p.level)]?.en ?? 'division'}`,
  }),
  DIVISION_AMBIGUOUS: (l, p) => ({
    zh: `「${l.zh}」中的「${s(p.value)}」有重名（${s(p.paths)}），请写明所属市或直接填区划代码`,
    en: `"${s(p.value)}" in "${l.en}" is ambiguous (${s(p.paths)}); add the city or use the code`,
  }),
  BAD_SHA256: (l, p) => ({
    zh: `「${l.zh}」中有无法识别的文件（${s(p.value)}），请重新上传`,
    en: `"${l.en}" holds an unrecognised file id (${s(p.value)})`,
  }),
  // Credit-code messages come from creditCode.ts (they name the expected check character); these are fallbacks.
  CREDIT_CODE_EMPTY: (l) => ({ zh: `「${l.zh}」必须填写`, en: `"${l.en}" is required` }),
  CREDIT_CODE_LENGTH: (_l, p) => ({
    zh: `统一社会信用代码应为 18 位，现在是 ${s(p.actual)} 位`,
    en: `A credit code has 18 characters; this one has ${s(p.actual)}`,
  }),
  CREDIT_CODE_CHARSET: (_l, p) => ({
    zh: `统一社会信用代码第 ${s(p.position)} 位「${s(p.actual)}」不是有效字符`,
    en: `Character ${s(p.position)} is not allowed`,
  }),
  CREDIT_CODE_CHECK: (_l, p) => ({
    zh: `统一社会信用代码校验位应为 ${s(p.expected)}，实际为 ${s(p.actual)}`,
    en: `The check character should be ${s(p.expected)}, not ${s(p.actual)}`,
  }),
  TOTAL_TOO_LONG: (_l, p) => ({
    zh: `${s(p.labelsZh)}合计最多 ${s(p.max)} 字，现在有 ${s(p.actual)} 字，请精简`,
    en: `${s(p.labelsEn)} together allow at most ${s(p.max)} characters; they have ${s(p.actual)}`,
  }),
  LESS_THAN_OTHER: (l, p, f) =>
    isTimeLike(f)
      ? { zh: `「${l.zh}」不能早于「${s(p.otherZh)}」`, en: `"${l.en}" cannot be before "${s(p.otherEn)}"` }
      : { zh: `「${l.zh}」不能低于「${s(p.otherZh)}」`, en: `"${l.en}" cannot be lower than "${s(p.otherEn)}"` },
  EXACTLY_ONE: (_l, p) =>
    Number(p.count) === 0
      ? { zh: `${s(p.labelsZh)}必须填写一项`, en: `Fill in one of ${s(p.labelsEn)}` }
      : { zh: `${s(p.labelsZh)}只能填写一项`, en: `Fill in only one of ${s(p.labelsEn)}` },
  TOWNSHIP_NOT_IN_COUNTY: (l, p) => ({
    zh: `「${l.zh}」中的${s(p.townshipName)}不属于${s(p.countyName)}，请重新选择`,
    en: `"${l.en}": ${s(p.townshipName)} is not in ${s(p.countyName)}`,
  }),
  UNKNOWN_FIELD: (l) => ({ zh: `没有「${l.zh}」这一项`, en: `There is no field "${l.en}"` }),
  CONTROL_CHARACTER: (l) => ({
    zh: `「${l.zh}」中含有无法保存的控制字符（如空字符），请删除后重新填写`,
    en: `"${l.en}" holds a control character (such as NUL) that cannot be stored; remove it and type the text again`,
  }),
  LONE_SURROGATE: (l) => ({
    zh: `「${l.zh}」中含有残缺的字符（可能是复制粘贴时截断的生僻字或表情符号），请删除后重新输入`,
    en: `"${l.en}" holds a broken character (half of a rare character or emoji, often cut off in copy and paste); remove it and type it again`,
  }),
  REQUIRED_TO_VERIFY: (l) => ({
    zh: `「${l.zh}」必须填写：需求核实前可以暂缺，核实、上报及以后的状态必须填全`,
    en: `"${l.en}" is required: a draft may lack it, but a demand is verified, reported and beyond only when complete`,
  }),
};

export function fieldError(
  field: FieldDef | undefined,
  name: string,
  code: ValidationCode,
  params: Params = {},
): FieldError {
  const label = field?.labels ?? { zh: name, en: name };
  return { field: name, code, params, message: TEMPLATES[code](label, params, field) };
}

/** Joins labels the way a sentence lists them: 「主要问题」「技术关键」「预期目标」. */
export function quoteLabels(fields: readonly FieldDef[]): { labelsZh: string; labelsEn: string } {
  return {
    labelsZh: fields.map((f) => `「${f.labels.zh}」`).join(''),
    labelsEn: fields.map((f) => `"${f.labels.en}"`).join(', '),
  };
}
