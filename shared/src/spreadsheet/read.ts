/**
 * readWorkbook: bytes of an uploaded file → a plain Workbook, or a SpreadsheetError saying exactly why not.
 * Accepts .xlsx / .xls (Excel, WPS, LibreOffice; also the HTML tables some systems save as .xls) and .csv in
 * UTF-8 (with or without BOM) or GB18030/GBK. Formulas are never evaluated: the cached value is used and each
 * formula cell gets a FORMULA notice. Hidden sheets are dropped with a HIDDEN_SHEET notice.
 * Pure: no DOM, no Node; run it in a worker for big files.
 */
import * as XLSX from 'xlsx';
import { decodeText, looksLikeText, type TextEncodingName } from './decode-text';
import { spreadsheetError, type Notice, type SpreadsheetError } from './errors';
import { withDefaults, type SpreadsheetLimits } from './limits';
import { cellRef, type CellAddress, type RawCell, type SheetData, type Workbook } from './workbook';
import { guardZip, isZip } from './zip-guard';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ACCEPTED = ['xlsx', 'xls', 'csv'] as const;

export function extensionOf(fileName: string): string {
  const m = /\.([^.\\/]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

export function readWorkbook(
  bytes: Uint8Array,
  fileName: string,
  limitsIn: Partial<SpreadsheetLimits> = {},
): Workbook | SpreadsheetError {
  const limits = withDefaults(limitsIn);
  const file = baseName(fileName);
  const ext = extensionOf(fileName);
  if (!(ACCEPTED as readonly string[]).includes(ext))
    return spreadsheetError('UNSUPPORTED_TYPE', { ext: ext === '' ? fileName : `.${ext}` });
  if (bytes.byteLength > limits.maxFileBytes)
    return spreadsheetError('TOO_LARGE', { actual: bytes.byteLength, limit: limits.maxFileBytes });
  if (bytes.byteLength === 0) return spreadsheetError('EMPTY', { file });

  const sheetRows = limits.maxDataRows + limits.headerScanRows + 1;
  const base: XLSX.ParsingOptions = {
    dense: true,
    cellFormula: true,
    cellNF: true,
    cellHTML: false,
    cellStyles: false,
    sheetRows,
  };

  let parsed: XLSX.WorkBook;
  let format: Workbook['format'];
  let encoding: TextEncodingName | undefined;
  try {
    if (isZip(bytes)) {
      const guard = guardZip(bytes, limits);
      if (!guard.ok)
        return guard.code === 'ZIP_BOMB'
          ? spreadsheetError('ZIP_BOMB', { file, reason: guard.reason })
          : spreadsheetError('NOT_A_SPREADSHEET', { file });
      if (!guard.entries.some((e) => /^xl\/workbook\.(xml|bin)$|^content\.xml$/i.test(e.name)))
        return spreadsheetError('NOT_A_SPREADSHEET', { file });
      parsed = XLSX.read(guard.bytes, { ...base, type: 'array' });
      format = 'xlsx';
    } else if (startsWith(bytes, CFB_MAGIC)) {
      if (isEncryptedCfb(bytes)) return spreadsheetError('ENCRYPTED', { file });
      parsed = XLSX.read(bytes, { ...base, type: 'array' });
      format = 'xls';
    } else if (looksLikeText(bytes)) {
      const decoded = decodeText(bytes);
      if (ext === 'csv') {
        // raw: keep every cell as typed text (leading zeros, 18-digit credit codes); clean.ts parses per field.
        parsed = XLSX.read(decoded.text, { ...base, type: 'string', raw: true, cellFormula: false });
        format = 'csv';
        encoding = decoded.encoding;
      } else if (ext === 'xls' && /^\s*</.test(decoded.text.slice(0, 512))) {
        parsed = XLSX.read(decoded.text, { ...base, type: 'string' });
        format = 'html';
      } else {
        return spreadsheetError('NOT_A_SPREADSHEET', { file });
      }
    } else {
      return spreadsheetError('NOT_A_SPREADSHEET', { file });
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(msg)) return spreadsheetError('ENCRYPTED', { file });
    return spreadsheetError('CORRUPT', { file, reason: msg.slice(0, 200) });
  }
  return toWorkbook(parsed, file, format, encoding, limits);
}

function toWorkbook(
  wb: XLSX.WorkBook,
  file: string,
  format: Workbook['format'],
  encoding: TextEncodingName | undefined,
  limits: SpreadsheetLimits,
): Workbook | SpreadsheetError {
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const notices: Notice[] = [];
  const sheets: SheetData[] = [];
  const maxRows = limits.maxDataRows + limits.headerScanRows;
  for (const [i, name] of wb.SheetNames.entries()) {
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    if (hidden !== 0) {
      notices.push({
        code: 'HIDDEN_SHEET',
        sheet: name,
        message: { zh: `隐藏的工作表「${name}」未导入`, en: `Hidden sheet "${name}" was ignored` },
      });
      continue;
    }
    const ws = wb.Sheets[name];
    if (!ws) continue;
    const declared = ws['!fullref'] ?? ws['!ref'];
    if (declared) {
      const range = XLSX.utils.decode_range(declared);
      const rows = range.e.r + 1;
      if (rows > maxRows)
        return spreadsheetError('TOO_MANY_ROWS', { sheet: name, actual: rows, limit: limits.maxDataRows });
      const cols = range.e.c + 1;
      if (cols > limits.maxColumns)
        return spreadsheetError('TOO_MANY_COLUMNS', { sheet: name, actual: cols, limit: limits.maxColumns });
    }
    const sheet = toSheet(name, ws, date1904);
    // one line per sheet listing the cells, not one sentence per cell
    if (sheet.formulas.length > 0) notices.push(formulaNotice(name, sheet.formulas.map(cellRef)));
    if (sheet.rows.some((row) => row.some((v) => v !== null && v !== ''))) sheets.push(sheet);
  }
  if (sheets.length === 0) return spreadsheetError('EMPTY', { file });
  if (encoding === 'gb18030') {
    notices.push({
      code: 'ENCODING',
      sheet: sheets[0]!.name,
      message: { zh: 'CSV 文件按 GBK（GB18030）编码读取', en: 'The CSV file was read as GBK (GB18030)' },
    });
  }
  return { ok: true, fileName: file, format, ...(encoding ? { encoding } : {}), date1904, sheets, notices };
}

/** Cells listed in full up to this many; beyond it the notice names the first ones and the count. */
const FORMULA_CELLS_LISTED = 20;

function formulaNotice(sheet: string, refs: readonly string[]): Notice {
  const listed = refs.slice(0, FORMULA_CELLS_LISTED);
  const more = refs.length - listed.length;
  return {
    code: 'FORMULA',
    sheet,
    ref: refs.join(','),
    message: {
      zh: `单元格 ${listed.join('、')}${more > 0 ? ` 等 ${refs.length} 个` : ''} 是公式，已按 Excel 保存的计算结果导入（不重新计算）`,
      en: `${refs.length === 1 ? 'Cell' : 'Cells'} ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''} ${refs.length === 1 ? 'holds a formula; its' : 'hold formulas; their'} saved ${refs.length === 1 ? 'result was' : 'results were'} imported (not recalculated)`,
    },
  };
}

type DenseSheet = XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] };

function toSheet(name: string, ws: DenseSheet, date1904: boolean): SheetData {
  const data = ws['!data'] ?? [];
  const rows: RawCell[][] = [];
  const formulas: CellAddress[] = [];
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    const row: RawCell[] = [];
    if (src) {
      for (let c = 0; c < src.length; c++) {
        const cell = src[c];
        if (!cell) {
          row.push(null);
          continue;
        }
        if (cell.f !== undefined) formulas.push({ r, c });
        row.push(cellValue(cell, date1904));
      }
    }
    while (row.length > 0 && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
    rows.push(row);
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  const merges = (ws['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
  return { name, rows, merges, formulas };
}

function cellValue(cell: XLSX.CellObject, date1904: boolean): RawCell {
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(v, { date1904 });
        if (d && d.y > 0)
          return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
      }
      return v;
    }
    case 's':
      return typeof cell.v === 'string' ? cell.v : cell.v === undefined ? null : String(cell.v);
    case 'b':
      return Boolean(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : null;
    case 'e':
      return cell.w ?? null;
    default:
      return null;
  }
}

/** An encrypted OOXML file is a CFB container with EncryptionInfo + EncryptedPackage streams ([MS-OFFCRYPTO] 2.3.4). */
function isEncryptedCfb(bytes: Uint8Array): boolean {
  try {
    const cfb = XLSX.CFB.read(bytes, { type: 'array' });
    return cfb.FullPaths.some((p: string) => /\/(EncryptionInfo|EncryptedPackage)$/i.test(p));
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}
