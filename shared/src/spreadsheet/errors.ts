/**
 * Why a file cannot be read at all (SpreadsheetError), and what the reader noticed but coped with (Notice).
 * Codes are stable for APIs and tests; messages are plain Chinese first.
 */
import type { Bilingual } from '../domain';

export const SPREADSHEET_ERROR_CODES = [
  'UNSUPPORTED_TYPE',
  'TOO_LARGE',
  'NOT_A_SPREADSHEET',
  'ENCRYPTED',
  'ZIP_BOMB',
  'EMPTY',
  'TOO_MANY_ROWS',
  'TOO_MANY_COLUMNS',
  'CORRUPT',
] as const;
export type SpreadsheetErrorCode = (typeof SPREADSHEET_ERROR_CODES)[number];

export interface SpreadsheetError {
  ok: false;
  code: SpreadsheetErrorCode;
  message: Bilingual;
  /** Numbers behind the message (limit, actual, sheet…), for logs and the UI. */
  detail: Readonly<Record<string, string | number>>;
}

export const NOTICE_CODES = ['FORMULA', 'MERGED_CELLS', 'HIDDEN_SHEET', 'ENCODING'] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

/** Something the reader did on the user's behalf; shown before the import, never blocks it. */
export interface Notice {
  code: NoticeCode;
  sheet: string;
  /** A1 address or range, when the notice is about cells. */
  ref?: string;
  message: Bilingual;
}

const MB = (n: number): string => (n / 1024 / 1024).toFixed(0);

type Detail = Record<string, string | number>;
const TEMPLATES: Record<SpreadsheetErrorCode, (d: Detail) => Bilingual> = {
  UNSUPPORTED_TYPE: (d) => ({
    zh: `不支持「${d.ext}」格式的文件，请上传 .xlsx、.xls 或 .csv 表格`,
    en: `Files of type "${d.ext}" are not supported; use .xlsx, .xls or .csv`,
  }),
  TOO_LARGE: (d) => ({
    zh: `文件有 ${MB(Number(d.actual))} MB，超过上限 ${MB(Number(d.limit))} MB，请拆分后分批导入`,
    en: `The file is ${MB(Number(d.actual))} MB, over the ${MB(Number(d.limit))} MB limit; split it and import in parts`,
  }),
  NOT_A_SPREADSHEET: (d) => ({
    zh: `「${d.file}」不是有效的 Excel 表格（文件内容与扩展名不符），请用 Excel 或 WPS 打开后另存为 .xlsx 再导入`,
    en: `"${d.file}" is not a real spreadsheet (its content does not match its extension); open it in Excel or WPS and save it as .xlsx`,
  }),
  ENCRYPTED: (d) => ({
    zh: `「${d.file}」设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿）后再导入`,
    en: `"${d.file}" is password-protected; remove the password in Excel or WPS and import it again`,
  }),
  ZIP_BOMB: (d) => ({
    zh: `「${d.file}」解压后过大或压缩比异常（${d.reason}），可能是恶意文件，已拒绝`,
    en: `"${d.file}" would unpack to an abnormal size (${d.reason}); it may be malicious and was refused`,
  }),
  EMPTY: (d) => ({
    zh: `「${d.file}」中没有可导入的数据（可见的工作表都是空的）`,
    en: `"${d.file}" holds no data (every visible sheet is empty)`,
  }),
  TOO_MANY_ROWS: (d) => ({
    zh: `工作表「${d.sheet}」约有 ${d.actual} 行，超过单次导入上限 ${d.limit} 行，请拆分后分批导入`,
    en: `Sheet "${d.sheet}" has about ${d.actual} rows, over the limit of ${d.limit} per import; split it`,
  }),
  TOO_MANY_COLUMNS: (d) => ({
    zh: `工作表「${d.sheet}」有 ${d.actual} 列，超过上限 ${d.limit} 列`,
    en: `Sheet "${d.sheet}" has ${d.actual} columns, over the limit of ${d.limit}`,
  }),
  CORRUPT: (d) => ({
    zh: `「${d.file}」已损坏或格式无法识别，请用 Excel 或 WPS 打开后重新保存再导入`,
    en: `"${d.file}" is damaged or in an unknown format; open and save it again in Excel or WPS`,
  }),
};

export function spreadsheetError(code: SpreadsheetErrorCode, detail: Detail): SpreadsheetError {
  return { ok: false, code, message: TEMPLATES[code](detail), detail };
}

export function isSpreadsheetError(x: unknown): x is SpreadsheetError {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { ok?: unknown }).ok === false &&
    typeof (x as { code?: unknown }).code === 'string'
  );
}
