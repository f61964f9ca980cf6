import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { getSchema } from '@shared/domain';
import {
  OPTIONS_SHEET,
  TEMPLATES,
  detectMapping,
  mappingProblems,
  readWorkbook,
  readXlsxPart,
  templateWorkbook,
  type TemplateKind,
  type Workbook,
} from '@shared/spreadsheet';
import { applyPlan, planFile } from './helpers';

const KINDS: TemplateKind[] = ['demandSurvey', 'visitLedger', 'commissionerRoster'];

describe.each(KINDS)('templateWorkbook(%s)', (kind) => {
  const spec = TEMPLATES[kind];
  const bytes = templateWorkbook(kind);
  const book = XLSX.read(bytes, { type: 'array' });

  it('opens in SheetJS with the form, the instructions (说明) and a hidden options sheet', () => {
    expect(book.SheetNames).toEqual([spec.sheetName, '说明', OPTIONS_SHEET]);
    expect(book.Workbook?.Sheets?.map((s) => s.Hidden ?? 0)).toEqual([0, 0, 1]);
    const form = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[spec.sheetName]!, { header: 1 });
    expect(form[0]).toEqual([spec.title]);
    expect(form[1]).toEqual(['填报日期：']);
    expect(form[3]![0]).toBe('示例');
    const instructions = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['说明']!, { header: 1 });
    expect(instructions.length).toBe(6 + spec.columns.length);
  });

  it('has a drop-down for every enumerated column, pointing at its options in the hidden sheet', () => {
    const xml = readXlsxPart(bytes, 'xl/worksheets/sheet1.xml')!;
    expect(xml).toMatch(/<dataValidations count="\d+">/);
    expect(xml.indexOf('<dataValidations')).toBeGreaterThan(xml.indexOf('</sheetData>'));
    const enumCols = spec.columns
      .map((t) => getSchema(t.entity).fields.find((f) => f.name === t.field)!)
      .filter((f) => f.options);
    expect(enumCols.length).toBeGreaterThan(0);
    const lists = [
      ...xml.matchAll(
        /<dataValidation type="list"[^>]*sqref="([A-Z]+)4:[A-Z]+1003"><formula1>'选项'!\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)<\/formula1>/g,
      ),
    ];
    expect(lists).toHaveLength(enumCols.length);
    const options = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[OPTIONS_SHEET]!, { header: 1 });
    enumCols.forEach((f, i) => {
      expect(options[0]![i]).toBe(f.labels.zh);
      expect(Number(lists[i]![3]) - 1).toBe(f.options!.length);
      expect(options.slice(1, f.options!.length + 1).map((r) => r[i])).toEqual(f.options!.map((o) => o.labels.zh));
    });
  });

  it('the header of every column maps back to its field, and the example row is not imported', () => {
    const wb = readWorkbook(bytes, spec.fileName) as Workbook;
    expect(wb.notices.map((n) => n.code)).toEqual(['HIDDEN_SHEET']);
    const m = detectMapping(wb, spec.entity);
    expect(m.sheet).toBe(spec.sheetName);
    expect(m.columns.slice(1).map((c) => c.target)).toEqual(spec.columns);
    expect(mappingProblems(m)).toEqual([]);
    const { plan } = planFile(spec.fileName, { bytes, entity: spec.entity });
    expect(plan.rows.map((r) => r.status)).toEqual(['example']);
  });
});

describe('templates: validation beyond drop-downs', () => {
  const xml = readXlsxPart(templateWorkbook('demandSurvey'), 'xl/worksheets/sheet1.xml')!;
  it('numbers have ranges, dates are dates, the credit code is 18 characters, texts have length limits', () => {
    expect(xml).toMatch(
      /<dataValidation type="whole" operator="between"[^>]*><formula1>1<\/formula1><formula2>9<\/formula2>/,
    ); // TRL
    expect(xml).toMatch(
      /<dataValidation type="decimal" operator="between"[^>]*><formula1>0<\/formula1><formula2>1000000<\/formula2>/,
    ); // 万元
    expect(xml).toMatch(/<dataValidation type="date" operator="between"/);
    expect(xml).toMatch(/<dataValidation type="textLength" operator="equal"[^>]*><formula1>18<\/formula1>/);
    expect(xml).toMatch(/<dataValidation type="textLength" operator="lessThanOrEqual"[^>]*><formula1>100<\/formula1>/);
    expect(xml).toMatch(/type="list"[^>]*errorStyle="warning"/); // multi-choice lists accept 「a、b」 typed by hand
  });

  it('a template filled in by a script imports: the enterprise and its demand are planned', () => {
    const book = XLSX.read(templateWorkbook('demandSurvey'), { type: 'array' });
    const ws = book.Sheets['调查表']!;
    const header = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 })[2]!;
    const row = header.map((h) => FILL[h.replace(/^\*/, '')] ?? null);
    XLSX.utils.sheet_add_aoa(ws, [row], { origin: 'A5' });
    const filled = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { plan } = planFile('填好的调查表.xlsx', { bytes: filled });
    expect(plan.rows.map((r) => `${r.row}:${r.status}`)).toEqual(['4:example', '5:valid']);
    const store = applyPlan([], plan);
    expect(store.find((r) => r.entity === 'demand')!.values).toMatchObject({
      name: '秸秆综合利用',
      techField: 'modern_agriculture',
      budget: 20,
      solveMode: 'commissioned',
    });
  });
});

const FILL: Record<string, string | number> = {
  序号: 1,
  企业名称: '高阳秸秆科技有限公司',
  统一社会信用代码: '91350100M000100Y43',
  需求名称: '秸秆综合利用',
  主要问题: '秸秆处理成本高',
  关键词: '秸秆、饲料化',
  技术领域: '现代农业',
  '拟投入自有资金（万元）': 20,
  解决方式: '委托开发',
  '所属县（市、区）': '高阳县',
};
