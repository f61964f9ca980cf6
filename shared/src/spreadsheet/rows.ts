/**
 * The data rows under a mapped header. Merged cells in data rows are UNMERGED AND FLAGGED: a range spanning rows
 * of one column (a county written once for several enterprises) gives its value to every row it covers; a range
 * spanning several columns keeps the value in its first column only. Each range gets a MERGED_CELLS notice, and
 * the rows it touches carry a warning, so the user sees what was filled in. Template example rows (「示例」) and
 * blank rows are skipped.
 */
import type { SpreadsheetError, Notice } from './errors';
import { spreadsheetError } from './errors';
import type { ColumnMapping } from './header';
import { withDefaults, type SpreadsheetLimits } from './limits';
import { cellText, rangeRef, type RawCell, type Workbook } from './workbook';

export interface ImportRow {
  /** 1-based row number as Excel shows it. */
  row: number;
  cells: RawCell[];
  /** A1 ranges of merged cells whose value this row received. */
  mergedFrom?: string[];
}

export interface ExtractedRows {
  ok: true;
  rows: ImportRow[];
  /** 1-based rows of template examples (「示例」), not imported. */
  exampleRows: number[];
  notices: Notice[];
}

/** A cell reading 「示例」 (or 「示例1」「示例：…」) marks a template example row. */
export const EXAMPLE_MARK = /^示例(\d*|[:：].*)$/;

export function extractRows(
  workbook: Workbook,
  mapping: ColumnMapping,
  limitsIn: Partial<SpreadsheetLimits> = {},
): ExtractedRows | SpreadsheetError {
  const limits = withDefaults(limitsIn);
  const sheet = workbook.sheets.find((s) => s.name === mapping.sheet);
  if (!sheet) return spreadsheetError('EMPTY', { file: workbook.fileName });
  const dataCount = sheet.rows.length - mapping.firstDataRow;
  if (dataCount > limits.maxDataRows)
    return spreadsheetError('TOO_MANY_ROWS', { sheet: sheet.name, actual: dataCount, limit: limits.maxDataRows });

  const rows: RawCell[][] = sheet.rows.slice(mapping.firstDataRow).map((r) => [...r]);
  const mergedFrom = new Map<number, string[]>();
  const notices: Notice[] = [];
  for (const m of sheet.merges) {
    if (m.e.r < mapping.firstDataRow) continue;
    const ref = rangeRef(m);
    const value = sheet.rows[m.s.r]?.[m.s.c] ?? null;
    const from = Math.max(m.s.r, mapping.firstDataRow);
    for (let r = from; r <= m.e.r; r++) {
      const row = rows[r - mapping.firstDataRow];
      if (!row) continue;
      while (row.length <= m.s.c) row.push(null);
      row[m.s.c] = value;
      for (let c = m.s.c + 1; c <= m.e.c; c++) if (c < row.length) row[c] = null;
      mergedFrom.set(r, [...(mergedFrom.get(r) ?? []), ref]);
    }
    notices.push({
      code: 'MERGED_CELLS',
      sheet: sheet.name,
      ref,
      message:
        m.s.c === m.e.c
          ? {
              zh: `数据区的合并单元格 ${ref} 已拆分，其内容「${cellText(value)}」填入所覆盖的每一行，请核对`,
              en: `Merged cells ${ref} were unmerged; "${cellText(value)}" was copied into each row it covered`,
            }
          : {
              zh: `数据区的合并单元格 ${ref} 跨多列，已拆分，内容只保留在第一列，请核对`,
              en: `Merged cells ${ref} span several columns; the value was kept in the first column only`,
            },
    });
  }

  const mapped = mapping.columns.filter((c) => c.target !== null).map((c) => c.column);
  const out: ImportRow[] = [];
  const exampleRows: number[] = [];
  rows.forEach((cells, i) => {
    const rowNumber = mapping.firstDataRow + i + 1;
    if (cells.some((v) => EXAMPLE_MARK.test(cellText(v)))) {
      exampleRows.push(rowNumber);
      return;
    }
    if (mapped.every((c) => cellText(cells[c]) === '')) return;
    const merged = mergedFrom.get(rowNumber - 1);
    out.push(merged ? { row: rowNumber, cells, mergedFrom: merged } : { row: rowNumber, cells });
  });
  return { ok: true, rows: out, exampleRows, notices };
}
