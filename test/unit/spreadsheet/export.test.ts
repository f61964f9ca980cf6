import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  DEMAND_LIST_COLUMNS,
  demandListWorkbook,
  monthlyReport,
  monthlyReportWorkbook,
  safeText,
  visitLedgerWorkbook,
  type ExportRow,
  type ReportRecord,
} from '@shared/spreadsheet';
import { applyPlan, GAOYANG, planFile } from './helpers';

const INJECTIONS = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];

function sheetOf(bytes: Uint8Array, name: string): XLSX.WorkSheet {
  const book = XLSX.read(bytes, { type: 'array', cellFormula: true, cellNF: true });
  return book.Sheets[name]!;
}

describe('safeText', () => {
  it.each(INJECTIONS)('neutralises %j with a leading apostrophe', (s) => {
    expect(safeText(s)).toBe(`'${s}`);
  });
  it('leaves ordinary text alone', () => {
    expect(safeText('高阳县')).toBe('高阳县');
    expect(safeText('0312-1234567')).toBe('0312-1234567');
  });
});

describe('demandListWorkbook', () => {
  const store = applyPlan([], planFile('survey.xlsx').plan);
  const enterprises = new Map(store.filter((r) => r.entity === 'enterprise').map((r) => [r.id, r.values]));
  const rows: ExportRow[] = store
    .filter((r) => r.entity === 'demand')
    .map((d) => ({ records: { demand: d.values, enterprise: enterprises.get(String(d.values.enterprise))! } }));
  const ws = sheetOf(demandListWorkbook(rows), '需求清单');
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false });

  it('has the province layout: title, 序号, county, enterprise, … with Chinese headers from the schema', () => {
    expect(aoa[0]).toEqual(['企业技术需求清单']);
    expect(aoa[1]!.slice(0, 6)).toEqual([
      '序号',
      '县（市、区）',
      '企业名称',
      '统一社会信用代码',
      '需求名称',
      '技术领域',
    ]);
    expect(aoa[1]).toHaveLength(DEMAND_LIST_COLUMNS.length + 1);
    expect(aoa[1]).toContain('拟投入自有资金（万元）');
    expect(aoa.slice(2).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('shows labels instead of codes, county names, dates as yyyy-mm-dd and 万元 with two decimals', () => {
    const row = aoa.slice(2).find((r) => r[4] === '废水处理工艺改进')!;
    expect(row[1]).toBe('高阳县');
    expect(row[5]).toBe('资源与环境');
    expect(row).toContain('合作开发、技术转让');
    expect(row).toContain('50.00');
    expect(row).toContain('草稿');
    expect(row[row.length - 1]).toBe('2022-04-22');
    const dateCell = ws[`${XLSX.utils.encode_col(DEMAND_LIST_COLUMNS.length)}${aoa.indexOf(row) + 1}`]!;
    expect(dateCell).toMatchObject({ t: 'n', z: 'yyyy-mm-dd' });
  });

  it('neutralises every text cell starting with = + - @ (and tab/CR): stored as text with a leading apostrophe, no formula', () => {
    const evil: ExportRow[] = INJECTIONS.map((s) => ({
      records: { demand: { name: s, problem: s, county: GAOYANG, keywords: [s] }, enterprise: { name: s, phone: s } },
    }));
    const sheet = sheetOf(demandListWorkbook(evil), '需求清单');
    const cells = Object.entries(sheet)
      .filter(([k]) => !k.startsWith('!'))
      .map(([, c]) => c as XLSX.CellObject);
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    const texts = cells.filter((c) => typeof c.v === 'string' && INJECTIONS.some((s) => String(c.v).includes(s)));
    expect(texts.length).toBe(INJECTIONS.length * 5);
    for (const c of texts) {
      expect(c.t).toBe('s');
      expect(String(c.v).startsWith("'")).toBe(true);
    }
  });

  it('the exported list imports back as all unchanged (export and import speak the same layout)', () => {
    const { plan } = planFile('需求清单.xlsx', { bytes: demandListWorkbook(rows), store });
    expect(plan.summary).toMatchObject({ valid: 7, invalid: 0 });
    expect(plan.records.filter((r) => r.action !== 'unchanged')).toEqual([]);
  });

  it('read back by the importer, a neutralised value is the original text again', () => {
    const evil: ExportRow[] = [
      {
        records: {
          demand: { name: "=cmd|' /C calc'!A0", problem: 'p', keywords: ['k'], techField: 'other', county: GAOYANG },
          enterprise: { name: '甲', creditCode: '91350100M000100Y43' },
        },
      },
    ];
    const { plan, mapping } = planFile('清单.xlsx', { bytes: demandListWorkbook(evil) });
    expect(plan.rows[0]!.status).toBe('valid');
    expect(mapping.headerRows).toEqual([1]); // the title merged across the top is not a parent header
    expect(mapping.columns.find((c) => c.header === '状态')!.target).toBeNull(); // status is the state machine's, never imported
    expect(plan.records.find((r) => r.entity === 'demand')!.values.name).toBe("=cmd|' /C calc'!A0");
  });
});

describe('visitLedgerWorkbook', () => {
  it('names commissioners and enterprises through refLabel and writes the ledger columns', () => {
    const names: Record<string, string> = { c1: '张三', c2: '李四', e1: '高阳甲科技有限公司' };
    const bytes = visitLedgerWorkbook(
      [
        {
          records: {
            visit: {
              county: GAOYANG,
              date: '2025-03-05',
              commissioners: ['c1', 'c2'],
              enterprise: 'e1',
              mode: 'onsite',
              durationDays: 1,
              content: '现场指导',
              problemsSolved: 2,
            },
          },
        },
      ],
      { refLabel: (_e, id) => names[id], subtitle: '筛选：高阳县' },
    );
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheetOf(bytes, '台账'), { header: 1, raw: false });
    expect(aoa[0]).toEqual(['科技特派员服务台账']);
    expect(aoa[1]).toEqual(['筛选：高阳县']);
    expect(aoa[2]!.slice(0, 5)).toEqual(['序号', '县（市、区）', '服务日期', '服务特派员', '服务企业']);
    expect(aoa[3]!.slice(0, 7)).toEqual([
      '1',
      '高阳县',
      '2025-03-05',
      '张三、李四',
      '高阳甲科技有限公司',
      undefined,
      '实地走访',
    ]);
  });
});

describe('monthly report per county', () => {
  const records: ReportRecord[] = [
    { entity: 'enterprise', values: { county: GAOYANG, name: 'a' }, createdAt: '2025-02-10' },
    { entity: 'enterprise', values: { county: GAOYANG, name: 'b' }, createdAt: '2025-03-02' },
    { entity: 'enterprise', values: { county: '130102', name: 'other county' }, createdAt: '2025-03-02' },
    {
      entity: 'demand',
      values: { county: GAOYANG, status: 'draft', techField: 'modern_agriculture' },
      createdAt: '2025-03-03',
    },
    {
      entity: 'demand',
      values: { county: GAOYANG, status: 'draft', techField: 'modern_agriculture' },
      createdAt: '2025-02-03',
    },
    { entity: 'demand', values: { county: GAOYANG, status: 'draft', techField: 'other' }, createdAt: '2025-04-01' },
    {
      entity: 'visit',
      values: { county: GAOYANG, date: '2025-03-05', mode: 'onsite', problemsSolved: 2, trainees: 30 },
      createdAt: '2025-03-06',
    },
    {
      entity: 'visit',
      values: { county: GAOYANG, date: '2025-02-20', mode: 'phone', problemsSolved: 1 },
      createdAt: '2025-03-06',
    },
    { entity: 'commissioner', values: { county: GAOYANG, kind: 'agricultural' }, createdAt: '2025-01-06' },
  ];

  it('counts per section with the change against the previous month, for the county only, up to the month end', () => {
    const r = monthlyReport({ county: GAOYANG, month: '2025-03', records });
    expect(r.title).toBe('高阳县科技工作月报（2025年3月）');
    expect(r.sections.map((s) => s.name)).toEqual(['概况', '需求状态', '技术领域', '走访服务', '特派员']);
    const overview = r.sections[0]!.rows;
    expect(overview[1]).toEqual(['企业', 2, 1, 1, 1, 0]);
    expect(overview[2]).toEqual(['企业技术需求', 2, 1, 1, 1, 0]);
    expect(overview[4]).toEqual(['服务记录', 2, 1, 1, 1, 0]);
    expect(r.sections[2]!.rows.find((x) => x[0] === '现代农业')).toEqual(['现代农业', 2, 1, 1, 0]);
    const visits = r.sections[3]!.rows;
    expect(visits.find((x) => x[0] === '解决技术难题（个）')).toEqual(['解决技术难题（个）', 2, 1, 1]);
    expect(visits.find((x) => x[0] === '其中：电话')).toEqual(['其中：电话', 0, 1, -1]);
    expect(r.sections[4]!.rows[1]).toEqual(['农业科技特派员', 1, 0]);
  });

  it('writes one sheet per section', () => {
    const book = XLSX.read(
      monthlyReportWorkbook({ county: GAOYANG, month: '2025-03', records, generatedAt: '2025-04-01 09:00' }),
      { type: 'array' },
    );
    expect(book.SheetNames).toEqual(['概况', '需求状态', '技术领域', '走访服务', '特派员']);
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['概况']!, { header: 1 });
    expect(aoa[0]).toEqual(['高阳县科技工作月报（2025年3月）·概况']);
    expect(aoa[2]).toEqual(['项目', '本月末累计', '上月末累计', '本月新增', '上月新增', '新增变化']);
  });
});
