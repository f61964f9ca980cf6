/**
 * The error-report workbook: the file's header rows as they were, then only the invalid rows with their original
 * cells, and a last column 「错误原因」 saying what to fix, column by column. The office fixes the cells and imports
 * the same file again (the importer ignores the 「错误原因」 column).
 */
import * as XLSX from 'xlsx';
import type { ImportPlan, RowIssue } from './dry-run';
import type { ColumnMapping } from './header';
import type { ImportRow } from './rows';
import { sheetFromRows, writeXlsx, type OutCell } from './write-cells';
import type { RawCell, Workbook } from './workbook';

export const ERROR_COLUMN_TITLE = '错误原因';

export function issueText(i: RowIssue): string {
  const where = i.column ? `${i.column} 列${i.header ? `「${i.header.replace(/\s+/g, '')}」` : ''}：` : '';
  return `${where}${i.message.zh}`;
}

export interface ErrorReportInput {
  workbook: Workbook;
  mapping: ColumnMapping;
  plan: ImportPlan;
  /** The extracted rows (merged data cells already filled in); without them the sheet's raw cells are used. */
  rows?: readonly ImportRow[];
}

export function errorReportRows({ workbook, mapping, plan, rows }: ErrorReportInput): OutCell[][] {
  const sheet = workbook.sheets.find((s) => s.name === mapping.sheet);
  if (!sheet) return [];
  const byRow = new Map((rows ?? []).map((r) => [r.row, r.cells]));
  const width = Math.max(mapping.columns.length, ...sheet.rows.slice(mapping.firstDataRow).map((r) => r.length));
  const asOut = (row: readonly RawCell[]): OutCell[] => Array.from({ length: width }, (_, c) => toOut(row[c] ?? null));
  const out: OutCell[][] = mapping.headerRows.map((r, i) => [
    ...asOut(sheet.rows[r] ?? []),
    i === 0 ? ERROR_COLUMN_TITLE : null,
  ]);
  for (const rp of plan.rows) {
    if (rp.status !== 'invalid') continue;
    out.push([...asOut(byRow.get(rp.row) ?? sheet.rows[rp.row - 1] ?? []), rp.errors.map(issueText).join('；\n')]);
  }
  return out;
}

/** xlsx bytes of the error report (sheet 「错误行」), header merges kept so a two-row header reads the same. */
export function errorReportWorkbook(input: ErrorReportInput): Uint8Array {
  const rows = errorReportRows(input);
  const ws = sheetFromRows(rows);
  const width = rows[0]?.length ?? 1;
  const { mapping, workbook } = input;
  const sheet = workbook.sheets.find((s) => s.name === mapping.sheet);
  const first = mapping.headerRows[0] ?? 0;
  const last = mapping.headerRows[mapping.headerRows.length - 1] ?? 0;
  const merges: XLSX.Range[] = (sheet?.merges ?? [])
    .filter((m) => m.s.r >= first && m.e.r <= last)
    .map((m) => ({ s: { r: m.s.r - first, c: m.s.c }, e: { r: m.e.r - first, c: m.e.c } }));
  if (last > first) merges.push({ s: { r: 0, c: width - 1 }, e: { r: last - first, c: width - 1 } });
  ws['!merges'] = merges;
  ws['!cols'] = [...Array.from({ length: width - 1 }, () => ({ wch: 14 })), { wch: 60 }];
  return writeXlsx(XLSX.utils.book_new(ws, '错误行'));
}

function toOut(v: RawCell): OutCell {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}
