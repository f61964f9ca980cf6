import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  DEFAULT_LIMITS,
  detectMapping,
  extractRows,
  readWorkbook,
  type SpreadsheetError,
  type Workbook,
} from '@shared/spreadsheet';
import { fixture, readOk } from './helpers';

function refused(name: string, bytes = fixture(name), limits = {}): SpreadsheetError {
  const r = readWorkbook(bytes, name, limits);
  expect(r.ok).toBe(false);
  return r as SpreadsheetError;
}

describe('readWorkbook: accepted files (LibreOffice-made fixtures)', () => {
  it.each([
    ['survey.xlsx', 'xlsx', undefined],
    ['survey.xls', 'xls', undefined],
    ['survey-utf8.csv', 'csv', 'utf-8'],
    ['survey-utf8-bom.csv', 'csv', 'utf-8-bom'],
    ['survey-gbk.csv', 'csv', 'gb18030'],
  ])('%s reads as %s with the Chinese text intact', (name, format, encoding) => {
    const wb = readOk(name);
    expect(wb.format).toBe(format);
    expect(wb.encoding).toBe(encoding);
    const rows = wb.sheets[0]!.rows;
    expect(rows[0]![0]).toBe('企业技术需求调查表');
    expect(rows[1]![0]).toBe('填报日期：2024年3月1日');
    expect(rows[5]![1]).toBe('高阳甲科技有限公司');
    expect(String(rows[2]![12])).toBe('拟投入自有资金\n（万元）');
  });

  it('a GBK csv says it was read as GBK (a notice, not an error)', () => {
    expect(readOk('survey-gbk.csv').notices.map((n) => n.code)).toEqual(['ENCODING']);
  });

  it('a cell formatted as a date arrives as yyyy-mm-dd; a plain serial stays a number for the field to judge', () => {
    for (const name of ['survey.xlsx', 'survey.xls']) {
      const rows = readOk(name).sheets[0]!.rows;
      expect(rows[5]![16]).toBe('2024-03-01');
      expect(rows[7]![16]).toBe(44673);
    }
  });

  it('csv cells stay text as typed (no number guessing), so codes and phone numbers keep every digit', () => {
    const rows = readOk('survey-utf8.csv').sheets[0]!.rows;
    expect(rows[5]![2]).toMatch(/^91130628\d{9}[0-9A-Z]$/);
    expect(rows[5]![12]).toBe('50');
  });

  it('formulas are not evaluated: the saved result is used and each formula cell gets a FORMULA notice', () => {
    for (const name of ['survey.xlsx', 'survey.xls']) {
      const wb = readOk(name);
      expect(wb.sheets[0]!.rows[12]![12]).toBe(50);
      const f = wb.notices.filter((n) => n.code === 'FORMULA');
      expect(f.map((n) => n.ref)).toEqual(['M13']);
      expect(f[0]!.message.zh).toContain('M13');
    }
  });

  it('hidden sheets are left out with a HIDDEN_SHEET notice; only visible sheets are candidates', () => {
    const wb = readOk('survey.xlsx');
    expect(wb.sheets.map((s) => s.name)).toEqual(['调查表']);
    expect(wb.notices.find((n) => n.code === 'HIDDEN_SHEET')).toMatchObject({
      sheet: '选项',
      message: { zh: '隐藏的工作表「选项」未导入' },
    });
  });

  it('merged cells are reported with their ranges', () => {
    const merges = readOk('survey.xlsx').sheets[0]!.merges.map((m) => `${m.s.r},${m.s.c}:${m.e.r},${m.e.c}`);
    expect(merges).toContain('14,3:15,3'); // D15:D16, the county written once for two rows
    expect(merges).toContain('2,7:2,9'); // 需求描述 over three sub-columns
  });

  it('an HTML table saved as .xls (as some government systems export) is read too', () => {
    const html =
      '<html><body><table><tr><td>企业名称</td><td>统一社会信用代码</td></tr><tr><td>高阳甲</td><td>91350100M000100Y43</td></tr></table></body></html>';
    const wb = readWorkbook(new TextEncoder().encode(html), '导出.xls') as Workbook;
    expect(wb.format).toBe('html');
    expect(wb.sheets[0]!.rows[1]).toEqual(['高阳甲', '91350100M000100Y43']);
  });

  it('a 1904-date-system workbook says so', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['a', 'b'],
      [1, 2],
    ]);
    const book = XLSX.utils.book_new(ws, 'S');
    book.Workbook = { WBProps: { date1904: true } };
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect((readWorkbook(bytes, 'mac.xlsx') as Workbook).date1904).toBe(true);
  });
});

describe('readWorkbook: bad files get a specific code and a plain message', () => {
  it('a text file renamed to .xlsx is NOT_A_SPREADSHEET', () => {
    const e = refused('text-renamed.xlsx');
    expect(e.code).toBe('NOT_A_SPREADSHEET');
    expect(e.message.zh).toContain('不是有效的 Excel 表格');
  });

  it('an encrypted workbook (CFB with an EncryptionInfo stream) is ENCRYPTED and says how to remove the password', () => {
    const e = refused('encrypted.xlsx');
    expect(e.code).toBe('ENCRYPTED');
    expect(e.message.zh).toContain('取消密码');
  });

  it('an empty workbook is EMPTY', () => {
    expect(refused('empty.xlsx').code).toBe('EMPTY');
    expect(refused('nothing.csv', new Uint8Array()).code).toBe('EMPTY');
    expect(refused('blank.csv', new TextEncoder().encode(',,,\n,,\n')).code).toBe('EMPTY');
  });

  it('a zip bomb is refused from its central directory, before anything is inflated', () => {
    const e = refused('zip-bomb.xlsx');
    expect(e.code).toBe('ZIP_BOMB');
    expect(String(e.detail.reason)).toContain(String(DEFAULT_LIMITS.maxUncompressedBytes));
  });

  it('a zip bomb under the total limit is still refused by its compression ratio', () => {
    const e = refused('zip-bomb.xlsx', fixture('zip-bomb.xlsx'), { maxUncompressedBytes: 2 ** 31 });
    expect(e.code).toBe('ZIP_BOMB');
    expect(String(e.detail.reason)).toMatch(/sheet1\.xml compresses \d+:1/);
  });

  it('a sheet declaring 1,000,000 rows is refused from its dimension without building the rows', () => {
    const e = refused('million-rows.xlsx');
    expect(e.code).toBe('TOO_MANY_ROWS');
    expect(e.detail).toMatchObject({ sheet: '调查表', actual: 1_000_000, limit: 50_000 });
    expect(e.message.zh).toContain('超过单次导入上限 50000 行');
  });

  it('the row limit applies to csv too', () => {
    const csv = new TextEncoder().encode('企业名称,统一社会信用代码\n' + 'a,b\n'.repeat(40));
    expect(refused('big.csv', csv, { maxDataRows: 10, headerScanRows: 5 }).code).toBe('TOO_MANY_ROWS');
  });

  it('below the header, the data rows are counted exactly against the limit', () => {
    const wb = readOk('survey.xlsx');
    const m = detectMapping(wb, 'demand');
    expect(extractRows(wb, m, { maxDataRows: 13 }).ok).toBe(true); // rows 5–17
    expect(extractRows(wb, m, { maxDataRows: 12 })).toMatchObject({
      ok: false,
      code: 'TOO_MANY_ROWS',
      detail: { actual: 13, limit: 12 },
    });
  });

  it('a file over the size limit is TOO_LARGE; other extensions are UNSUPPORTED_TYPE', () => {
    expect(refused('survey.xlsx', fixture('survey.xlsx'), { maxFileBytes: 1000 }).code).toBe('TOO_LARGE');
    expect(refused('survey.pdf', fixture('survey.xlsx')).code).toBe('UNSUPPORTED_TYPE');
  });

  it('a zip that is not a workbook (e.g. a renamed archive) is NOT_A_SPREADSHEET', () => {
    const zip = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(zip, '/readme.txt', new TextEncoder().encode('hello'));
    const bytes = new Uint8Array(XLSX.CFB.write(zip, { type: 'array', fileType: 'zip' }) as number[]);
    expect(refused('archive.xlsx', bytes).code).toBe('NOT_A_SPREADSHEET');
  });
});
