/** The plain-data workbook the reader returns: structured-cloneable, so a worker can post it to the UI. */
import type { Notice } from './errors';
import type { TextEncodingName } from './decode-text';

/** A cell as read: text, number, boolean or empty. Cells formatted as dates arrive as 'yyyy-mm-dd' text. */
export type RawCell = string | number | boolean | null;

export interface CellAddress {
  /** 0-based row. */
  r: number;
  /** 0-based column. */
  c: number;
}
export interface CellRange {
  s: CellAddress;
  e: CellAddress;
}

export interface SheetData {
  name: string;
  /** rows[r][c], 0-based; a row may be shorter than others (trailing empty cells dropped). */
  rows: RawCell[][];
  merges: CellRange[];
  /** Cells holding a formula; their cached value is in `rows`. */
  formulas: CellAddress[];
}

export interface Workbook {
  ok: true;
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv' | 'html';
  /** For CSV: the encoding detected. */
  encoding?: TextEncodingName;
  /** Excel's 1904 date system (old Mac workbooks): serial day numbers count from 1904-01-01. */
  date1904: boolean;
  /** Visible sheets only, in workbook order. */
  sheets: SheetData[];
  notices: Notice[];
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellRef(a: CellAddress): string {
  return `${columnLetter(a.c)}${a.r + 1}`;
}

export function rangeRef(r: CellRange): string {
  return `${cellRef(r.s)}:${cellRef(r.e)}`;
}

export function cellText(v: RawCell | undefined): string {
  return v === null || v === undefined ? '' : String(v).trim();
}
