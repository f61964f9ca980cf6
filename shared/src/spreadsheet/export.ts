/**
 * Lists in the layout the province uses: a title row, then 序号 | 县（市、区） | the record's columns (Chinese headers
 * from the schema), one record per row; codes shown as labels, counties by name, dates as yyyy-mm-dd date cells,
 * 万元 with two decimals. Every text cell is neutralised against formula injection (write-cells.ts safeText).
 * The caller passes the records exactly as filtered on screen.
 */
import * as XLSX from 'xlsx';
import type { EntityName, JsonValue } from '../change/op';
import { getSchema, type FieldDef } from '../domain';
import { displayValue, sheetFromRows, writeXlsx, type OutCell } from './write-cells';

export interface ExportColumn {
  /** Which record of the row the value comes from: the listed entity or a related one (a demand's enterprise). */
  entity: EntityName;
  field: string;
  /** Header override; default: the field's zh label with its unit. */
  header?: string;
}

export interface ExportRow {
  /** Values per entity: { demand: {...}, enterprise: {...} }. */
  records: Partial<Record<EntityName, Readonly<Record<string, JsonValue>>>>;
}

export interface ListExport {
  title: string;
  sheetName: string;
  columns: readonly ExportColumn[];
  rows: readonly ExportRow[];
  /** Names referenced records (cluster, commissioner…) by id; unknown ids are written as they are. */
  refLabel?: (entity: string, id: string) => string | undefined;
  /** A line under the title, e.g. 「导出时间：2025-03-05 筛选：高阳县，待审核」. */
  subtitle?: string;
}

/** 需求清单: the province's demand list columns. */
export const DEMAND_LIST_COLUMNS: readonly ExportColumn[] = [
  { entity: 'demand', field: 'county', header: '县（市、区）' },
  { entity: 'enterprise', field: 'name' },
  { entity: 'enterprise', field: 'creditCode' },
  { entity: 'demand', field: 'name' },
  { entity: 'demand', field: 'techField' },
  { entity: 'demand', field: 'problem' },
  { entity: 'demand', field: 'keyTechnology' },
  { entity: 'demand', field: 'expectedGoal' },
  { entity: 'demand', field: 'keywords' },
  { entity: 'demand', field: 'budget' },
  { entity: 'demand', field: 'solveMode' },
  { entity: 'demand', field: 'cooperationModes' },
  { entity: 'demand', field: 'currentTrl' },
  { entity: 'demand', field: 'targetTrl' },
  { entity: 'enterprise', field: 'contactPerson' },
  { entity: 'enterprise', field: 'phone' },
  { entity: 'demand', field: 'status' },
  { entity: 'demand', field: 'surveyDate' },
];

/** 台账: the commissioners' service ledger. */
export const VISIT_LEDGER_COLUMNS: readonly ExportColumn[] = [
  { entity: 'visit', field: 'county', header: '县（市、区）' },
  { entity: 'visit', field: 'date' },
  { entity: 'visit', field: 'commissioners' },
  { entity: 'visit', field: 'enterprise' },
  { entity: 'visit', field: 'township' },
  { entity: 'visit', field: 'mode' },
  { entity: 'visit', field: 'durationDays' },
  { entity: 'visit', field: 'content' },
  { entity: 'visit', field: 'problemsFound' },
  { entity: 'visit', field: 'solutions' },
  { entity: 'visit', field: 'problemsSolved' },
  { entity: 'visit', field: 'techSpread' },
  { entity: 'visit', field: 'trainingSessions' },
  { entity: 'visit', field: 'trainees' },
  { entity: 'visit', field: 'followUpDate' },
];

function fieldOf(c: ExportColumn): FieldDef {
  const f = getSchema(c.entity).fields.find((x) => x.name === c.field);
  if (!f) throw new Error(`export column ${c.entity}.${c.field} is not in the schema`);
  return f;
}

export function columnHeader(c: ExportColumn): string {
  if (c.header) return c.header;
  const f = fieldOf(c);
  return f.unit && !f.labels.zh.includes('（') ? `${f.labels.zh}（${f.unit.zh}）` : f.labels.zh;
}

/** The cells of a list: title, optional subtitle, header, then 序号 1…n. */
export function listRows(spec: ListExport): OutCell[][] {
  const header: OutCell[] = ['序号', ...spec.columns.map(columnHeader)];
  const out: OutCell[][] = [[spec.title]];
  if (spec.subtitle) out.push([spec.subtitle]);
  out.push(header);
  spec.rows.forEach((row, i) => {
    out.push([
      i + 1,
      ...spec.columns.map((c) => displayValue(fieldOf(c), row.records[c.entity]?.[c.field], spec.refLabel)),
    ]);
  });
  return out;
}

export function listWorkbook(spec: ListExport): Uint8Array {
  const rows = listRows(spec);
  const ws = sheetFromRows(rows, [6, ...spec.columns.map((c) => (fieldOf(c).kind === 'longtext' ? 40 : 16))]);
  const width = spec.columns.length + 1;
  ws['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } },
    ...(spec.subtitle ? [{ s: { r: 1, c: 0 }, e: { r: 1, c: width - 1 } }] : []),
  ];
  return writeXlsx(XLSX.utils.book_new(ws, spec.sheetName));
}

export function demandListWorkbook(
  rows: readonly ExportRow[],
  options: Pick<ListExport, 'refLabel' | 'subtitle'> = {},
): Uint8Array {
  return listWorkbook({
    title: '企业技术需求清单',
    sheetName: '需求清单',
    columns: DEMAND_LIST_COLUMNS,
    rows,
    ...options,
  });
}

export function visitLedgerWorkbook(
  rows: readonly ExportRow[],
  options: Pick<ListExport, 'refLabel' | 'subtitle'> = {},
): Uint8Array {
  return listWorkbook({
    title: '科技特派员服务台账',
    sheetName: '台账',
    columns: VISIT_LEDGER_COLUMNS,
    rows,
    ...options,
  });
}

/** A list with every field a clerk types, in schema order (county first): for lists without a province layout. */
export function schemaColumns(entity: EntityName): ExportColumn[] {
  const schema = getSchema(entity);
  const county = schema.countyField;
  const fields = schema.fields.filter((f) => !f.system && f.kind !== 'attachments' && f.name !== county);
  return [
    ...(county ? [{ entity, field: county, header: '县（市、区）' }] : []),
    ...fields.map((f) => ({ entity, field: f.name })),
  ];
}

/** 企业名录: the county's enterprises. */
export function enterpriseListWorkbook(
  rows: readonly ExportRow[],
  options: Pick<ListExport, 'refLabel' | 'subtitle'> = {},
): Uint8Array {
  return listWorkbook({
    title: '企业名录',
    sheetName: '企业名录',
    columns: schemaColumns('enterprise'),
    rows,
    ...options,
  });
}

/** 科技特派员名册: the county's commissioners. */
export function commissionerListWorkbook(
  rows: readonly ExportRow[],
  options: Pick<ListExport, 'refLabel' | 'subtitle'> = {},
): Uint8Array {
  return listWorkbook({
    title: '科技特派员名册',
    sheetName: '名册',
    columns: schemaColumns('commissioner'),
    rows,
    ...options,
  });
}
