/**
 * The monthly report workbook of one county: counts and their changes against the previous month, one sheet per
 * section (概况, 需求状态, 技术领域, 走访服务, 特派员). Counts are of the records passed in (live records of the county);
 * "this month" is by createdAt, except visits, which count by their service date.
 */
import * as XLSX from 'xlsx';
import type { EntityName, JsonValue } from '../change/op';
import { getDivision, getSchema, type EnumOption } from '../domain';
import { sheetFromRows, writeXlsx, type OutCell } from './write-cells';

export interface ReportRecord {
  entity: EntityName;
  values: Readonly<Record<string, JsonValue>>;
  /** When the record was first created (ISO date or date-time). */
  createdAt: string;
}

export interface MonthlyReportInput {
  /** County-level division code. */
  county: string;
  /** 'yyyy-mm'. */
  month: string;
  records: readonly ReportRecord[];
  /** Printed under the title, e.g. the export time. */
  generatedAt?: string;
}

export interface ReportSection {
  name: string;
  rows: OutCell[][];
}

export interface MonthlyReport {
  title: string;
  sections: ReportSection[];
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

const inMonth = (iso: string | undefined, month: string): boolean =>
  typeof iso === 'string' && iso.slice(0, 7) === month;
const byMonthEnd = (iso: string, month: string): boolean => iso.slice(0, 7) <= month;
const change = (now: number, before: number): OutCell => (now === before ? 0 : now - before);
const options = (entity: EntityName, field: string): readonly EnumOption[] =>
  getSchema(entity).fields.find((f) => f.name === field)?.options ?? [];
const num = (v: JsonValue | undefined): number => (typeof v === 'number' ? v : 0);

export function monthlyReport(input: MonthlyReportInput): MonthlyReport {
  const { month } = input;
  const prev = previousMonth(month);
  const mine = input.records.filter((r) => r.values[getSchema(r.entity).countyField ?? 'county'] === input.county);
  const of = (e: EntityName): ReportRecord[] => mine.filter((r) => r.entity === e);
  const visitDate = (r: ReportRecord): string => (typeof r.values.date === 'string' ? r.values.date : r.createdAt);

  const overview: OutCell[][] = [['项目', '本月末累计', '上月末累计', '本月新增', '上月新增', '新增变化']];
  for (const e of ['enterprise', 'demand', 'commissioner', 'visit'] as const) {
    const list = of(e);
    const when = e === 'visit' ? visitDate : (r: ReportRecord): string => r.createdAt;
    const total = list.filter((r) => byMonthEnd(when(r), month)).length;
    const totalPrev = list.filter((r) => byMonthEnd(when(r), prev)).length;
    const added = list.filter((r) => inMonth(when(r), month)).length;
    const addedPrev = list.filter((r) => inMonth(when(r), prev)).length;
    overview.push([getSchema(e).labels.zh, total, totalPrev, added, addedPrev, change(added, addedPrev)]);
  }

  const demands = of('demand').filter((r) => byMonthEnd(r.createdAt, month));
  const grouped = (field: string, title: string): OutCell[][] => {
    const rows: OutCell[][] = [[title, '累计', '本月新增', '上月新增', '新增变化']];
    for (const o of options('demand', field)) {
      const list = demands.filter((r) => r.values[field] === o.code);
      const added = list.filter((r) => inMonth(r.createdAt, month)).length;
      const addedPrev = list.filter((r) => inMonth(r.createdAt, prev)).length;
      rows.push([o.labels.zh, list.length, added, addedPrev, change(added, addedPrev)]);
    }
    return rows;
  };

  const visits = of('visit');
  const visitsIn = (m: string): ReportRecord[] => visits.filter((r) => inMonth(visitDate(r), m));
  const visitRows: OutCell[][] = [['项目', '本月', '上月', '变化']];
  const sum = (m: string, field: string): number =>
    Math.round(visitsIn(m).reduce((s, r) => s + num(r.values[field]), 0) * 10) / 10;
  visitRows.push([
    '服务次数',
    visitsIn(month).length,
    visitsIn(prev).length,
    change(visitsIn(month).length, visitsIn(prev).length),
  ]);
  for (const o of options('visit', 'mode')) {
    const a = visitsIn(month).filter((r) => r.values.mode === o.code).length;
    const b = visitsIn(prev).filter((r) => r.values.mode === o.code).length;
    visitRows.push([`其中：${o.labels.zh}`, a, b, change(a, b)]);
  }
  for (const field of ['durationDays', 'problemsSolved', 'techSpread', 'trainingSessions', 'trainees']) {
    const f = getSchema('visit').fields.find((x) => x.name === field)!;
    const label = f.unit && !f.labels.zh.includes('（') ? `${f.labels.zh}（${f.unit.zh}）` : f.labels.zh;
    visitRows.push([label, sum(month, field), sum(prev, field), change(sum(month, field), sum(prev, field))]);
  }

  const commissioners = of('commissioner').filter((r) => byMonthEnd(r.createdAt, month));
  const commissionerRows: OutCell[][] = [['类别', '人数', '本月新增']];
  for (const o of options('commissioner', 'kind')) {
    const list = commissioners.filter((r) => r.values.kind === o.code);
    commissionerRows.push([o.labels.zh, list.length, list.filter((r) => inMonth(r.createdAt, month)).length]);
  }

  const countyName = getDivision(input.county)?.name ?? input.county;
  const [y, m] = month.split('-');
  return {
    title: `${countyName}科技工作月报（${y}年${Number(m)}月）`,
    sections: [
      { name: '概况', rows: overview },
      { name: '需求状态', rows: grouped('status', '需求状态') },
      { name: '技术领域', rows: grouped('techField', '技术领域') },
      { name: '走访服务', rows: visitRows },
      { name: '特派员', rows: commissionerRows },
    ],
  };
}

export function monthlyReportWorkbook(input: MonthlyReportInput): Uint8Array {
  const report = monthlyReport(input);
  const book = XLSX.utils.book_new();
  for (const s of report.sections) {
    const head: OutCell[][] = [
      [`${report.title}·${s.name}`],
      ...(input.generatedAt ? [[`生成时间：${input.generatedAt}`]] : []),
    ];
    const ws = sheetFromRows([...head, ...s.rows], [24, 12, 12, 12, 12, 12]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: Math.max(0, (s.rows[0]?.length ?? 1) - 1) } }];
    XLSX.utils.book_append_sheet(book, ws, s.name);
  }
  return writeXlsx(book);
}
