// A real survey often lacks a column the schema requires (技术领域). Required to verify, not to record: its good rows
// import as drafts marked 待补全; one value can fill the column for every row; rows with real errors stay invalid.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { mappingGaps, mappingProblems, setFillValue, type ColumnMapping } from '@shared/spreadsheet';
import { fixture, planFile, readOk } from './helpers';

/** The survey fixture without its 技术领域 column (L), as an .xlsx. */
function surveyWithout(header: string): Uint8Array {
  const wb = XLSX.read(new TextDecoder().decode(fixture('survey-utf8.csv')), { type: 'string', raw: true });
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true, defval: '' });
  const at = aoa[2]!.indexOf(header);
  expect(at).toBeGreaterThan(0);
  const cut = aoa.map((row) => row.filter((_, i) => i !== at));
  const out = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(cut), '调查表');
  return new Uint8Array(XLSX.write(out, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const NO_FIELD = surveyWithout('技术领域');
const plan = (mapping?: ColumnMapping) =>
  planFile('no-field.xlsx', { bytes: NO_FIELD, ...(mapping ? { mapping } : {}) });

describe('a survey lacking a column required to verify', () => {
  it('is not blocked: the missing column is a gap to complete, not a problem', () => {
    const { mapping } = plan();
    expect(mappingProblems(mapping)).toEqual([]);
    const gaps = mappingGaps(mapping);
    expect(gaps.map((g) => g.target.field)).toEqual(['techField']);
    expect(gaps[0]!.message.zh).toContain('「技术领域」');
    expect(gaps[0]!.message.zh).toContain('待补全');
  });

  it('imports its good rows as drafts, each with one 待补全 warning naming the field', () => {
    const full = planFile('survey-utf8.csv').plan;
    const { plan: p } = plan();
    // the rows the full survey accepts are accepted here too; the file's own errors stay
    expect(p.summary.valid).toBe(full.summary.valid);
    expect(p.summary.valid).toBeGreaterThan(0);
    const valid = p.rows.filter((r) => r.status === 'valid');
    for (const r of valid) {
      const gap = r.warnings.filter((w) => w.code === 'REQUIRED_TO_VERIFY');
      expect(gap, `row ${r.row}`).toHaveLength(1);
      expect(gap[0]!.message.zh).toBe('待补全：「技术领域」未填写，导入为草稿，核实前须补全');
    }
    const demands = p.records.filter((r) => r.entity === 'demand');
    expect(demands.every((d) => d.values.status === 'draft' && d.values.techField === undefined)).toBe(true);
  });

  it("rows with real errors stay invalid with today's precise reasons (a bad check character, a missing name…)", () => {
    const reasons = (p: ReturnType<typeof plan>['plan']) =>
      p.rows.filter((r) => r.status === 'invalid').map((r) => [r.row, r.errors.map((e) => `${e.field}:${e.code}`)]);
    const { plan: p } = plan();
    expect(reasons(p)).toEqual([
      [9, ['creditCode:CREDIT_CODE_CHECK']],
      [10, ['name:REQUIRED']],
      [11, ['currentTrl:OUT_OF_RANGE']],
      [14, ['budget:CHINESE_NUMERAL']],
    ]);
    expect(reasons(p)).toEqual(reasons(planFile('survey-utf8.csv').plan));
  });

  it('one value typed for the column fills every row, cleaned like a cell (an option by its label)', () => {
    const filled = setFillValue(plan().mapping, 'techField', '新材料');
    expect(mappingGaps(filled)).toEqual([]);
    const { plan: p } = plan(filled);
    expect(p.rows.flatMap((r) => r.warnings).some((w) => w.code === 'REQUIRED_TO_VERIFY')).toBe(false);
    const demands = p.records.filter((r) => r.entity === 'demand');
    expect(demands.length).toBeGreaterThan(0);
    expect(new Set(demands.map((d) => d.values.techField))).toEqual(new Set(['new_materials']));
  });

  it('a fill value that is no option makes every row say so, precisely', () => {
    const { plan: p } = plan(setFillValue(plan().mapping, 'techField', '火星科技'));
    expect(p.summary.valid).toBe(0);
    const first = p.rows.find((r) => r.status === 'invalid' && r.errors.some((e) => e.field === 'techField'));
    expect(first!.errors.find((e) => e.field === 'techField')!.message.zh).toContain('火星科技');
  });

  it('a column that identifies a demand (its name) still blocks the import', () => {
    const bytes = surveyWithout('技术需求名称');
    const { mapping } = planFile('no-name.xlsx', { bytes });
    expect(mappingProblems(mapping).map((p) => p.target?.field)).toContain('name');
  });
});

describe('the formula notice', () => {
  it('is one line per sheet listing the cells', () => {
    const f = readOk('survey.xlsx').notices.filter((n) => n.code === 'FORMULA');
    expect(f).toHaveLength(1);
    expect(f[0]!.message.zh).toBe('单元格 M13 是公式，已按 Excel 保存的计算结果导入（不重新计算）');
  });

  it('names many formula cells in one sentence', () => {
    const ws = XLSX.utils.aoa_to_sheet([['企业名称', '技术需求名称', '拟投入自有资金（万元）']]);
    for (let r = 1; r <= 3; r++) {
      XLSX.utils.sheet_add_aoa(ws, [[`企业${r}`, `需求${r}`]], { origin: { r, c: 0 } });
      ws[XLSX.utils.encode_cell({ r, c: 2 })] = { t: 'n', v: 10 * r, f: `${r}*10` };
    }
    ws['!ref'] = 'A1:C4';
    const bytes = new Uint8Array(
      XLSX.write(XLSX.utils.book_new(ws, 'S'), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
    );
    const f = readOk('f.xlsx', bytes).notices.filter((n) => n.code === 'FORMULA');
    expect(f).toHaveLength(1);
    expect(f[0]!.message.zh).toBe('单元格 C2、C3、C4 是公式，已按 Excel 保存的计算结果导入（不重新计算）');
    expect(f[0]!.message.en).toBe(
      'Cells C2, C3, C4 hold formulas; their saved results were imported (not recalculated)',
    );
  });
});
