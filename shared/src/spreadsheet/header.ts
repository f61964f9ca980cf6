/**
 * Finding the header of a real office sheet: title rows (「企业技术需求调查表」) and a filled-in date line
 * (「填报日期：2024年3月1日」) above it, headers split over two rows under a merged parent
 * (「需求描述」 over 「主要问题 | 技术关键 | 预期目标」), column titles spelt many ways. Titles are matched through the
 * schema header synonyms (matchHeader normalises full-width forms, spaces and line breaks, 「（万元）」 units and
 * 「*」 required marks). The result is a ColumnMapping the user can correct (setColumnTarget) before importing.
 */
import type { EntityName, JsonValue } from '../change/op';
import { getSchema, matchHeader, missingToVerify, normalizeHeader } from '../domain';
import { withDefaults, type SpreadsheetLimits } from './limits';
import {
  isIgnoredHeader,
  matchTarget,
  sameTarget,
  targetDef,
  targetEntities,
  COMPANIONS,
  SHARED_WITH_COMPANION,
  type ColumnTarget,
} from './targets';
import { cellText, columnLetter, type CellRange, type RawCell, type SheetData, type Workbook } from './workbook';

export interface MappedColumn {
  /** 0-based column index. */
  column: number;
  /** Column letter as Excel shows it (A, B, … AA). */
  letter: string;
  /** The header as written; two-row headers read 「需求描述 / 主要问题」. */
  header: string;
  target: ColumnTarget | null;
  /** 'header': recognised from its title; 'user': set by hand; 'none': not imported. */
  matchedBy: 'header' | 'user' | 'none';
}

export interface ColumnMapping {
  /** The entity each row becomes (its companions ride along, see targets.ts). */
  entity: EntityName;
  sheet: string;
  /** 0-based sheet rows forming the header (one or two). */
  headerRows: number[];
  /** 0-based sheet row where data starts. */
  firstDataRow: number;
  columns: MappedColumn[];
  /** Values every row gets for fields no column carries, from the lines above the header (e.g. 填报日期). */
  defaults: Record<string, JsonValue>;
  /** Text of the title rows above the header, for display. */
  title: string[];
}

export interface MappingProblem {
  code: 'NO_HEADER' | 'MISSING_REQUIRED_COLUMN' | 'DUPLICATE_TARGET';
  target?: ColumnTarget;
  columns?: string[];
  message: { zh: string; en: string };
}

/** Picks the visible sheet and header rows that best match `entity`'s fields. */
export function detectMapping(
  workbook: Workbook,
  entity: EntityName,
  options: { sheet?: string; limits?: Partial<SpreadsheetLimits> } = {},
): ColumnMapping {
  const limits = withDefaults(options.limits);
  const sheets = options.sheet ? workbook.sheets.filter((s) => s.name === options.sheet) : workbook.sheets;
  let best: { mapping: ColumnMapping; score: number } | null = null;
  for (const sheet of sheets) {
    const found = detectInSheet(sheet, entity, limits.headerScanRows);
    if (!best || found.score > best.score) best = found;
  }
  if (!best) {
    return {
      entity,
      sheet: sheets[0]?.name ?? '',
      headerRows: [],
      firstDataRow: 0,
      columns: [],
      defaults: {},
      title: [],
    };
  }
  return best.mapping;
}

function detectInSheet(
  sheet: SheetData,
  entity: EntityName,
  scanRows: number,
): { mapping: ColumnMapping; score: number } {
  const grid = mergedGrid(sheet, Math.min(sheet.rows.length, scanRows + 1));
  let best: { rows: number[]; headers: string[]; score: number } = { rows: [], headers: [], score: 0 };
  const scan = Math.min(sheet.rows.length, scanRows);
  const oneRow = Array.from({ length: scan + 1 }, (_, r) => {
    const headers = (grid[r] ?? []).map((v) => cellText(v));
    return { headers, score: scoreHeaders(entity, headers) };
  });
  for (let r = 0; r < scan; r++) {
    const one = oneRow[r]!;
    if (one.score > best.score) best = { rows: [r], headers: one.headers, score: one.score };
    if (r + 1 < grid.length) {
      // Two header rows: proven by a merged cell in a row that is itself a header (not a title merged across the top),
      // or (CSV keeps no merges) by matching strictly more fields than either row alone.
      const twoHeaders = twoRowHeaders(grid[r] ?? [], grid[r + 1] ?? []);
      const twoScore = scoreHeaders(entity, twoHeaders);
      const alone = Math.max(one.score, oneRow[r + 1]!.score);
      const better = twoScore > alone || (hasTwoRowHeader(sheet.merges, r) && one.score > 0 && twoScore >= alone);
      if (better && twoScore >= best.score) best = { rows: [r, r + 1], headers: twoHeaders, score: twoScore };
    }
  }
  const headerRows = best.rows;
  const firstDataRow = headerRows.length > 0 ? headerRows[headerRows.length - 1]! + 1 : 0;
  const columns = mapHeaders(entity, best.headers);
  const preamble = headerRows.length > 0 ? sheet.rows.slice(0, headerRows[0]) : [];
  const { title, defaults } = readPreamble(entity, preamble, columns);
  return {
    mapping: { entity, sheet: sheet.name, headerRows, firstDataRow, columns, defaults, title },
    score: best.score,
  };
}

/** Cell values with every merged range filled from its top-left cell (header rows only). */
function mergedGrid(sheet: SheetData, rowCount: number): RawCell[][] {
  const grid = sheet.rows.slice(0, rowCount).map((r) => [...r]);
  for (const m of sheet.merges) {
    if (m.s.r >= rowCount) continue;
    const v = sheet.rows[m.s.r]?.[m.s.c] ?? null;
    for (let r = m.s.r; r <= Math.min(m.e.r, rowCount - 1); r++) {
      const row = grid[r]!;
      for (let c = m.s.c; c <= m.e.c; c++) row[c] = v;
    }
  }
  return grid;
}

/** A merged cell starting in row r spans into row r+1 (vertical), or spans columns with titles under it. */
function hasTwoRowHeader(merges: readonly CellRange[], r: number): boolean {
  return merges.some((m) => m.s.r === r && (m.e.r === r + 1 || (m.e.r === r && m.e.c > m.s.c)));
}

function twoRowHeaders(top: readonly RawCell[], bottom: readonly RawCell[]): string[] {
  const n = Math.max(top.length, bottom.length);
  const out: string[] = [];
  let parent = '';
  for (let c = 0; c < n; c++) {
    let t = cellText(top[c]);
    const b = cellText(bottom[c]);
    // Without merge information (CSV) a parent title stands over the empty cells to its right that have sub-titles.
    if (t === '' && b !== '') t = parent;
    else parent = b === '' ? '' : t;
    out.push(b === '' || b === t ? t : t === '' ? b : `${t} / ${b}`);
  }
  return out;
}

/** For 「需求描述 / 主要问题」: the child alone, then parent+child, then the parent. */
function headerVariants(header: string): string[] {
  const parts = header.split(' / ');
  if (parts.length === 1) return [header];
  return [parts[1]!, parts[0]! + parts[1]!, parts[0]!];
}

/** System fields (status, …) are kept by the app and its state machine: a column never writes them. */
function matchOne(entity: EntityName, header: string): ColumnTarget | null {
  for (const v of headerVariants(header)) {
    const t = matchTarget(entity, v);
    if (t) return targetDef(t)?.system ? null : t;
  }
  return null;
}

function scoreHeaders(entity: EntityName, headers: readonly string[]): number {
  const seen: ColumnTarget[] = [];
  for (const h of headers) {
    const t = matchOne(entity, h);
    if (t && !seen.some((s) => sameTarget(s, t))) seen.push(t);
  }
  // A single matching cell is more likely a title or a date line than a header.
  return seen.length >= 2 ? seen.length : 0;
}

function mapHeaders(entity: EntityName, headers: readonly string[]): MappedColumn[] {
  const taken: ColumnTarget[] = [];
  return headers.map((header, column) => {
    let target = header === '' || isIgnoredHeader(normalizeHeader(header)) ? null : matchOne(entity, header);
    if (target && taken.some((t) => sameTarget(t, target))) target = null; // a field claimed twice keeps the first column
    if (target) taken.push(target);
    return { column, letter: columnLetter(column), header, target, matchedBy: target ? 'header' : 'none' };
  });
}

const LABELLED_LINE = /^([^:：]{2,12})[:：]\s*(.+)$/;

function readPreamble(
  entity: EntityName,
  rows: readonly RawCell[][],
  columns: readonly MappedColumn[],
): { title: string[]; defaults: Record<string, JsonValue> } {
  const title: string[] = [];
  const defaults: Record<string, JsonValue> = {};
  for (const row of rows) {
    const texts = row.map((v) => cellText(v)).filter((t) => t !== '');
    if (texts.length === 0) continue;
    // 「填报日期：2024年3月1日」 in one cell, or 「填报日期：」 | 「2024年3月1日」 in two.
    const joined = texts.length === 2 && /[:：]$/.test(texts[0]!) ? texts[0]! + texts[1]! : texts.join(' ');
    let used = false;
    for (const part of joined.split(/\s{2,}|\s+(?=[^\s:：]{2,12}[:：])/)) {
      const m = LABELLED_LINE.exec(part.trim());
      if (!m) continue;
      const field = matchHeader(entity, m[1]!);
      if (field && !columns.some((c) => c.target?.entity === entity && c.target.field === field)) {
        defaults[field] = m[2]!.trim();
        used = true;
      }
    }
    if (!used) title.push(joined);
  }
  return { title, defaults };
}

/** The user's correction of one column: a new target (or null to skip it). A field keeps at most one column. */
export function setColumnTarget(mapping: ColumnMapping, column: number, target: ColumnTarget | null): ColumnMapping {
  const columns = mapping.columns.map((c) => {
    if (c.column === column) return { ...c, target, matchedBy: target ? ('user' as const) : ('none' as const) };
    if (target && sameTarget(c.target, target)) return { ...c, target: null, matchedBy: 'none' as const };
    return c;
  });
  return { ...mapping, columns };
}

/**
 * One value for every row of a field no column carries (「技术领域：新材料」 for the whole survey), written as the
 * cell would be: the dry run cleans it like a cell (an option by its label or synonym). Empty removes it.
 */
export function setFillValue(mapping: ColumnMapping, field: string, value: string | null): ColumnMapping {
  const defaults = { ...mapping.defaults };
  if (value === null || value.trim() === '') delete defaults[field];
  else defaults[field] = value.trim();
  return { ...mapping, defaults };
}

/** A field a draft may lack that no column carries: its rows import as drafts marked 待补全 unless a value is given. */
export interface MappingGap {
  target: ColumnTarget;
  message: { zh: string; en: string };
}

/** Required fields a draft of the entity may lack (required to verify, not to record), by the shared rule. */
function requiredToVerifyOnly(entity: EntityName): ReadonlySet<string> {
  return new Set(
    missingToVerify(entity, {})
      .filter((e) => e.code === 'REQUIRED_TO_VERIFY')
      .map((e) => e.field),
  );
}

/**
 * The fields required to verify that no column carries and no value fills: the import goes on (its rows become
 * drafts marked 待补全), and the mapping editor offers to fill one value into all rows.
 */
export function mappingGaps(mapping: ColumnMapping): MappingGap[] {
  if (mapping.headerRows.length === 0) return [];
  const e = mapping.entity;
  const out: MappingGap[] = [];
  for (const name of requiredToVerifyOnly(e)) {
    const f = getSchema(e).fields.find((x) => x.name === name)!;
    if (f.system || f.default !== undefined) continue;
    if (mapping.columns.some((c) => c.target?.entity === e && c.target.field === name) || name in mapping.defaults)
      continue;
    out.push({
      target: { entity: e, field: name },
      message: {
        zh: `表格中没有「${f.labels.zh}」这一列：导入的记录将保存为草稿并标记「待补全」，也可以在下方为所有行填写同一个值`,
        en: `No column holds "${f.labels.en}": the rows are saved as drafts marked "to complete", or fill one value for all rows below`,
      },
    });
  }
  return out;
}

/** What still blocks an import with this mapping: no header found, or required fields with no column and no default. */
export function mappingProblems(mapping: ColumnMapping): MappingProblem[] {
  if (mapping.headerRows.length === 0) {
    return [
      {
        code: 'NO_HEADER',
        message: { zh: '没有找到表头行，请确认表格第一行（或标题下方）是列名', en: 'No header row was found' },
      },
    ];
  }
  const problems: MappingProblem[] = [];
  const companions = COMPANIONS[mapping.entity] ?? [];
  for (const e of targetEntities(mapping.entity)) {
    for (const f of getSchema(e).fields) {
      if (!f.required || f.system || f.default !== undefined) continue;
      if (e === mapping.entity && companions.some((c) => c.via === f.name)) continue; // filled from the companion's columns
      if (e !== mapping.entity && SHARED_WITH_COMPANION.includes(f.name)) continue;
      if (f.kind === 'divisionCode' && f.name === getSchema(e).countyField) continue; // the device's county is the default
      const mapped = mapping.columns.some((c) => c.target?.entity === e && c.target.field === f.name);
      if (mapped || (e === mapping.entity && f.name in mapping.defaults)) continue;
      // required to verify, not to record: the rows import as drafts marked 待补全 (see mappingGaps)
      if (e === mapping.entity && requiredToVerifyOnly(e).has(f.name)) continue;
      if (e !== mapping.entity && f.name !== 'creditCode' && !mapping.columns.some((c) => c.target?.entity === e))
        continue;
      problems.push({
        code: 'MISSING_REQUIRED_COLUMN',
        target: { entity: e, field: f.name },
        message: {
          zh: `表格中没有「${f.labels.zh}」这一列（必填），请指定对应的列`,
          en: `No column holds the required "${f.labels.en}"; choose one`,
        },
      });
    }
  }
  return problems;
}
