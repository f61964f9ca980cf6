/**
 * Writing cells for files people open in Excel/WPS. Every text cell passes through safeText: a value starting
 * with = + - @ (or a tab / carriage return, which some programs skip before a formula) is prefixed with 「'」 and
 * stored as text, so no exported value can run as a formula (CSV/DDE injection such as =cmd|' /C calc'!A0).
 */
import * as XLSX from 'xlsx';
import { getDivision, type FieldDef } from '../domain';
import type { JsonValue } from '../change/op';
import { columnLetter } from './workbook';

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export type OutCell = string | number | null | { date: string } | { number: number; format: string };

const EPOCH_MS = Date.UTC(1899, 11, 30);

function toCell(v: OutCell): XLSX.CellObject | null {
  if (v === null || v === '') return null;
  if (typeof v === 'string') return { t: 's', v: safeText(v) };
  if (typeof v === 'number') return { t: 'n', v };
  if ('date' in v) {
    const [y, m, d] = v.date.split('-').map(Number);
    return { t: 'n', v: (Date.UTC(y!, m! - 1, d!) - EPOCH_MS) / 86_400_000, z: 'yyyy-mm-dd' };
  }
  return { t: 'n', v: v.number, z: v.format };
}

/** A worksheet from rows of OutCells (text always neutralised). */
export function sheetFromRows(rows: readonly (readonly OutCell[])[], widths: readonly number[] = []): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      const cell = toCell(v);
      if (cell) ws[`${columnLetter(c)}${r + 1}`] = cell;
      maxC = Math.max(maxC, c);
    });
  });
  ws['!ref'] = `A1:${columnLetter(Math.max(maxC, 0))}${Math.max(rows.length, 1)}`;
  if (widths.length > 0) ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

export function writeXlsx(book: XLSX.WorkBook): Uint8Array {
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** A stored value as the province's lists show it: labels for codes, names for counties, yyyy-mm-dd dates, 万元 with 2 decimals. */
export function displayValue(
  f: FieldDef,
  v: JsonValue | undefined,
  refLabel?: (entity: string, id: string) => string | undefined,
): OutCell {
  if (v === undefined || v === null || v === '') return null;
  switch (f.kind) {
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : String(v);
    case 'amount':
      return typeof v === 'number' ? { number: v, format: '0.00' } : String(v);
    case 'int':
    case 'trl':
    case 'year':
    case 'decimal':
      return typeof v === 'number' ? v : String(v);
    case 'enum':
      return f.options?.find((o) => o.code === v)?.labels.zh ?? String(v);
    case 'multiEnum':
      return Array.isArray(v)
        ? v.map((c) => f.options?.find((o) => o.code === c)?.labels.zh ?? String(c)).join('、')
        : String(v);
    case 'bool':
      return v === true ? '是' : v === false ? '否' : String(v);
    case 'divisionCode':
      return typeof v === 'string' ? (getDivision(v)?.name ?? v) : String(v);
    case 'divisionCodes':
      return Array.isArray(v) ? v.map((c) => getDivision(String(c))?.name ?? String(c)).join('、') : String(v);
    case 'ref':
      return typeof v === 'string' ? (refLabel?.(f.target!, v) ?? v) : String(v);
    case 'refs':
      return Array.isArray(v) ? v.map((id) => refLabel?.(f.target!, String(id)) ?? String(id)).join('、') : String(v);
    case 'keywords':
    case 'attachments':
      return Array.isArray(v) ? v.join('、') : String(v);
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}
