import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { computeCheckChar } from '@shared/domain';
import { ERROR_COLUMN_TITLE, errorReportWorkbook, extractRows, readWorkbook, type Workbook } from '@shared/spreadsheet';
import { applyPlan, planFile } from './helpers';

describe('errorReportWorkbook', () => {
  const { workbook, mapping, plan } = planFile('survey.xlsx');
  const rows = extractRows(workbook, mapping);
  if (!rows.ok) throw new Error(rows.code);
  const bytes = errorReportWorkbook({ workbook, mapping, plan, rows: rows.rows });
  const report = readWorkbook(bytes, '错误报告.xlsx') as Workbook;

  it('holds the header rows and only the invalid rows, with their original cells and a 「错误原因」 column', () => {
    expect(report.ok).toBe(true);
    const sheet = report.sheets[0]!;
    expect(sheet.name).toBe('错误行');
    expect(sheet.rows[0]!.slice(0, 3)).toEqual(['序号', '*企业名称', '统一社会信用代码']);
    expect(sheet.rows[0]![18]).toBe(ERROR_COLUMN_TITLE);
    expect(sheet.rows[1]!.slice(7, 10)).toEqual(['主要问题', '技术关键', '预期目标']);
    const data = sheet.rows.slice(2);
    expect(data.map((r) => r[0])).toEqual([4, 5, 6, 9]); // the 序号 of the invalid rows 9, 10, 11 and 14
    expect(data[3]![12]).toBe('五十万');
  });

  it('each reason names the column and says what to fix', () => {
    const reasons = report.sheets[0]!.rows.slice(2).map((r) => String(r[18]));
    expect(reasons[0]).toMatch(
      /^C 列「统一社会信用代码」：统一社会信用代码校验位应为 [0-9A-Z]，实际为 [0-9A-Z]，请核对是否抄错$/,
    );
    expect(reasons[1]).toBe('B 列「*企业名称」：「企业名称」必须填写');
    expect(reasons[2]).toBe('O 列「目前技术成熟度」：「目前技术成熟度」应在 1 到 9 之间');
    expect(reasons[3]).toContain('M 列「拟投入自有资金（万元）」');
  });

  it('fixed by the office and imported again, the rows become valid (the 「错误原因」 column is ignored)', () => {
    const sheet = report.sheets[0]!;
    const fixedRows = sheet.rows.map((r) => [...r]);
    const code = String(fixedRows[2]![2]).slice(0, 17);
    fixedRows[2]![2] = code + computeCheckChar(code);
    fixedRows[3]![1] = '高阳补名企业有限公司';
    fixedRows[4]![14] = 3;
    fixedRows[5]![12] = 50;
    const again = planFile('错误报告-已修改.xlsx', { bytes: withRows(fixedRows, report.sheets[0]!.merges) });
    expect(again.mapping.columns[18]!.target).toBeNull();
    expect(again.plan.rows.map((r) => r.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(applyPlan([], again.plan).filter((r) => r.entity === 'demand')).toHaveLength(4);
  });
});

function withRows(rows: unknown[][], merges: XLSX.Range[] = []): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = merges;
  return new Uint8Array(XLSX.write(XLSX.utils.book_new(ws, 'S'), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
