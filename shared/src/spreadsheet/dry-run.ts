/**
 * planImport: the dry run. Every row becomes valid (with the records it will CREATE or UPDATE, field by field)
 * or invalid (with the reason for each bad field: field, column letter, code, zh/en message). Nothing is written:
 * the caller turns planWrites(plan) into ordinary ops with source {kind:'import', file, row}.
 *
 * Rules:
 * - a row is all or nothing: an invalid row contributes no change, not even to its enterprise;
 * - records are matched by their natural key (identity.ts), in the file and in the database; rows naming the
 *   same record merge into one change (first non-empty value wins; a differing later value is a warning);
 * - an empty cell never erases a stored value; an update writes only the fields that differ;
 * - a demand row's enterprise columns plan the enterprise create/update, and the demand points at it;
 * - given the office's scope, a row whose records belong to a county outside it is "other county" (其他县): it
 *   contributes no change, and the summary counts such rows per county (a city or the province imports them).
 */
import type { EntityName, JsonValue, OpSource } from '../change/op';
import { canonicalJson } from '../change/digest';
import {
  defaultValues,
  getSchema,
  isEmptyValue,
  missingToVerify,
  validateRecord,
  type Bilingual,
  type FieldDef,
} from '../domain';
import { countyInScope, type OfficeScope } from '../domain/scope';
import { countyOfRecord } from '../domain/write-rules';
import { cleanCell, type CleanResult } from './clean';
import type { Notice } from './errors';
import type { ColumnMapping } from './header';
import { keyOf, keyValues, type ExistingLookup, type ExistingRecord } from './identity';
import type { ImportRow } from './rows';
import { COMPANIONS, SHARED_WITH_COMPANION, targetDef, type ColumnTarget } from './targets';
import { cellText, type RawCell } from './workbook';

export interface RowIssue {
  entity: EntityName;
  field: string;
  /** Column letter (A, B, …) the value came from; null when no column carries the field. */
  column: string | null;
  header: string | null;
  code: string;
  message: Bilingual;
}

export type PlanAction = 'create' | 'update' | 'unchanged';

export interface FieldDiff {
  field: string;
  before: JsonValue;
  after: JsonValue;
}

export interface PlannedRecord {
  entity: EntityName;
  id: string;
  action: PlanAction;
  /** create: the whole new record; update: only the changed fields; unchanged: {}. */
  values: Record<string, JsonValue>;
  diff: FieldDiff[];
  /** 1-based sheet rows that contributed, the first one is the op source. */
  rows: number[];
}

export interface RowPlan {
  row: number;
  /** other_county: valid, but its records belong to a county outside the office's scope; not imported. */
  status: 'valid' | 'invalid' | 'example' | 'other_county';
  /** For other_county: the county-level code the row belongs to. */
  county?: string;
  /** The records this row creates, updates or matches unchanged. */
  records: { entity: EntityName; id: string; action: PlanAction }[];
  errors: RowIssue[];
  warnings: RowIssue[];
}

export interface ImportPlan {
  entity: EntityName;
  fileName: string;
  rows: RowPlan[];
  /** Companions (enterprises) first, then the imported entity: the order to write them in. */
  records: PlannedRecord[];
  summary: {
    rows: number;
    valid: number;
    invalid: number;
    examples: number;
    /** Rows of counties outside the office's scope, not imported. */
    otherCounty: number;
    /** The same rows per county-level code. */
    otherCounties: Record<string, number>;
    byEntity: Partial<Record<EntityName, Record<PlanAction, number>>>;
  };
  notices: Notice[];
}

export interface PlanInput {
  entity: EntityName;
  rows: readonly ImportRow[];
  mapping: ColumnMapping;
  existing: ExistingLookup;
  fileName: string;
  /** Makes the id of each record to create (UUIDv7 in the app). */
  newId: () => string;
  /** Values for fields no column carries, e.g. { county: '130628' } (the device's county). */
  defaults?: Readonly<Record<string, JsonValue>>;
  date1904?: boolean;
  exampleRows?: readonly number[];
  notices?: readonly Notice[];
  /** The office's scope: rows of other counties are classified other_county and not imported. */
  scope?: OfficeScope;
}

export interface PlannedWrite {
  entity: EntityName;
  recordId: string;
  action: 'create' | 'update';
  /** Field → value to write, one op each. */
  values: Record<string, JsonValue>;
  source: OpSource;
}

interface Draft {
  entity: EntityName;
  id: string;
  before: Readonly<Record<string, JsonValue>> | null;
  after: Record<string, JsonValue>;
  rows: number[];
  /** Field → row that set it (for conflict warnings). */
  setBy: Record<string, number>;
}

type Values = Record<string, JsonValue>;

export function planImport(input: PlanInput): ImportPlan {
  const { entity, mapping } = input;
  const companions = COMPANIONS[entity] ?? [];
  const index: DraftIndex = { byKey: new Map(), byId: new Map() };
  const memo: CleanMemo = new Map();
  const order: Draft[] = [];
  const rowPlans: RowPlan[] = (input.exampleRows ?? []).map((row) => ({
    row,
    status: 'example' as const,
    records: [],
    errors: [],
    warnings: [],
  }));
  const columnOf = (t: ColumnTarget): { column: string | null; header: string | null } => {
    const c = mapping.columns.find((m) => m.target?.entity === t.entity && m.target.field === t.field);
    return c ? { column: c.letter, header: c.header } : { column: null, header: null };
  };
  const issue = (e: EntityName, field: string, code: string, message: Bilingual): RowIssue => ({
    entity: e,
    field,
    ...columnOf({ entity: e, field }),
    code,
    message,
  });

  for (const row of input.rows) {
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    for (const ref of row.mergedFrom ?? []) {
      warnings.push({
        entity,
        field: '',
        column: null,
        header: null,
        code: 'MERGED_CELLS',
        message: { zh: `本行的部分内容来自合并单元格 ${ref}`, en: `Part of this row came from merged cells ${ref}` },
      });
    }
    const values = readValues(input, row, errors, warnings, issue, memo);
    const staged: Staged[] = [];
    const resolved = new Set<string>();

    // Companions first: the enterprise a demand row describes.
    for (const c of companions) {
      const own = values.get(c.entity) ?? {};
      if (Object.keys(own).length === 0 || errors.some((e) => e.entity === c.entity)) continue;
      const main = values.get(entity) ?? {};
      const copied = SHARED_WITH_COMPANION.filter((f) => isEmptyValue(own[f]) && !isEmptyValue(main[f]));
      for (const f of copied) own[f] = main[f]!;
      const found = resolveRecord(input, c.entity, own, index, errors, issue);
      if (!found) continue;
      // The demand's county (or cluster…) describes a new enterprise; it never overwrites a registered one's.
      const known = found.draft.before ?? (found.isNew ? null : found.draft.after);
      if (known) for (const f of copied) if (!isEmptyValue(known[f])) delete own[f];
      staged.push(found);
      main[c.via] = found.draft.id;
      resolved.add(c.via);
      values.set(entity, main);
    }

    const main = values.get(entity) ?? {};
    resolveRefs(input, entity, main, resolved, errors, issue);
    const found = errors.length === 0 ? resolveRecord(input, entity, main, index, errors, issue) : null;
    if (found) staged.push(found);

    // Validate every record of the row as it would be after the row is applied.
    let stray: string | null = null;
    if (errors.length === 0) {
      for (const s of staged) {
        const merged = mergeInto(s.draft, s.values, row.row, warnings, issue, true);
        for (const e of validateRecord(s.draft.entity, merged))
          errors.push(issue(s.draft.entity, e.field, e.code, e.message));
        const incomplete = toComplete(s.draft.entity, merged);
        if (incomplete) warnings.push(incomplete);
        const county = countyOfRecord(s.draft.entity, merged);
        if (
          stray === null &&
          input.scope &&
          getSchema(s.draft.entity).countyField &&
          !countyInScope(input.scope, county)
        )
          stray = county;
      }
    }
    if (errors.length > 0) {
      rowPlans.push({ row: row.row, status: 'invalid', records: [], errors: dedupeIssues(errors), warnings });
      continue;
    }
    if (stray !== null) {
      rowPlans.push({ row: row.row, status: 'other_county', county: stray, records: [], errors: [], warnings });
      continue;
    }
    for (const s of staged) {
      mergeInto(s.draft, s.values, row.row, warnings, issue, false);
      s.draft.rows.push(row.row);
      if (s.isNew) {
        if (s.key !== null) index.byKey.set(s.key, s.draft);
        index.byId.set(s.draft.id, s.draft);
        order.push(s.draft);
      }
    }
    rowPlans.push({
      row: row.row,
      status: 'valid',
      records: staged.map((s) => ({ entity: s.draft.entity, id: s.draft.id, action: 'create' })),
      errors: [],
      warnings,
    });
  }

  const records = [...order].sort((a, b) => rank(entity, a.entity) - rank(entity, b.entity)).map(finish);
  const actionOf = new Map(records.map((r) => [r.id, r.action]));
  for (const rp of rowPlans) for (const r of rp.records) r.action = actionOf.get(r.id) ?? r.action;
  rowPlans.sort((a, b) => a.row - b.row);
  return {
    entity,
    fileName: input.fileName,
    rows: rowPlans,
    records,
    summary: summarise(rowPlans, records),
    notices: [...(input.notices ?? [])],
  };
}

/** Cleans every mapped cell of a row, per target entity; the mapping's and the caller's defaults fill the gaps. */
function readValues(
  input: PlanInput,
  row: ImportRow,
  errors: RowIssue[],
  warnings: RowIssue[],
  issue: (e: EntityName, f: string, c: string, m: Bilingual) => RowIssue,
  memo: CleanMemo,
): Map<EntityName, Values> {
  const out = new Map<EntityName, Values>();
  const { entity, mapping } = input;
  const put = (e: EntityName, f: string, v: JsonValue): void => {
    let vals = out.get(e);
    if (!vals) out.set(e, (vals = {}));
    vals[f] = v;
  };
  // County first: township names are looked up inside it.
  const cols = [...mapping.columns]
    .filter((c) => c.target)
    .sort((a, b) => Number(b.target!.field === 'county') - Number(a.target!.field === 'county'));
  for (const col of cols) {
    const def = targetDef(col.target!);
    if (!def) continue;
    const county = out.get(col.target!.entity)?.county ?? out.get(entity)?.county ?? input.defaults?.county;
    const r = memoClean(
      memo,
      def,
      row.cells[col.column],
      input.date1904 ?? false,
      typeof county === 'string' ? county : undefined,
    );
    if (!r.ok) {
      errors.push({
        entity: col.target!.entity,
        field: def.name,
        column: col.letter,
        header: col.header,
        code: r.problem.code,
        message: r.problem.message,
      });
      continue;
    }
    if (r.warning)
      warnings.push({
        entity: col.target!.entity,
        field: def.name,
        column: col.letter,
        header: col.header,
        code: r.warning.code,
        message: r.warning.message,
      });
    if (!isEmptyValue(r.value)) put(col.target!.entity, def.name, r.value);
  }
  const main = out.get(entity) ?? {};
  const schema = getSchema(entity);
  for (const [field, raw] of Object.entries(mapping.defaults)) {
    if (!isEmptyValue(main[field])) continue;
    const def = schema.fields.find((f) => f.name === field);
    if (!def) continue;
    const r = cleanCell(
      def,
      typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : null,
      { date1904: input.date1904 ?? false },
    );
    if (r.ok && !isEmptyValue(r.value)) main[field] = r.value;
    else if (!r.ok) errors.push(issue(entity, field, r.problem.code, r.problem.message));
  }
  for (const [field, v] of Object.entries(input.defaults ?? {}))
    if (isEmptyValue(main[field]) && schema.fields.some((f) => f.name === field)) main[field] = v;
  out.set(entity, main);
  return out;
}

type CleanMemo = Map<FieldDef, Map<string, CleanResult>>;

/** Columns of choices (county, field, modes…) repeat the same few texts: each distinct text is cleaned once. */
const MEMO_KINDS = new Set(['enum', 'multiEnum', 'divisionCode', 'divisionCodes', 'bool', 'date', 'trl', 'year']);

function memoClean(
  memo: CleanMemo,
  def: FieldDef,
  raw: RawCell | undefined,
  date1904: boolean,
  county: string | undefined,
): CleanResult {
  const ctx = { date1904, ...(county ? { county } : {}) };
  if (!MEMO_KINDS.has(def.kind) || raw === null || raw === undefined) return cleanCell(def, raw, ctx);
  let byText = memo.get(def);
  if (!byText) memo.set(def, (byText = new Map()));
  const key = `${def.kind === 'divisionCode' ? (county ?? '') : ''}|${typeof raw}|${String(raw)}`;
  let r = byText.get(key);
  if (!r) byText.set(key, (r = cleanCell(def, raw, ctx)));
  // Values are shared between rows: hand out a fresh array so no record aliases another's.
  return r.ok && Array.isArray(r.value) ? { ...r, value: [...r.value] } : r;
}

/** Ref fields written as text (a name, code or id) become ids; the companion reference is set separately. */
function resolveRefs(
  input: PlanInput,
  entity: EntityName,
  values: Values,
  resolved: ReadonlySet<string>,
  errors: RowIssue[],
  issue: (e: EntityName, f: string, c: string, m: Bilingual) => RowIssue,
): void {
  for (const f of getSchema(entity).fields) {
    if ((f.kind !== 'ref' && f.kind !== 'refs') || resolved.has(f.name)) continue;
    const v = values[f.name];
    if (isEmptyValue(v)) continue;
    const texts = Array.isArray(v) ? (v as string[]) : [String(v)];
    const ids: string[] = [];
    for (const t of texts) {
      const hits = input.existing.findRefs(f.target!, f.lookupBy ?? [], t);
      if (hits.length === 1) ids.push(hits[0]!);
      else errors.push(refIssue(entity, f, t, hits.length, issue));
    }
    values[f.name] = f.kind === 'ref' ? (ids[0] ?? null) : ids;
  }
}

function refIssue(
  entity: EntityName,
  f: FieldDef,
  text: string,
  hits: number,
  issue: (e: EntityName, f: string, c: string, m: Bilingual) => RowIssue,
): RowIssue {
  const target = getSchema(f.target!).labels;
  return hits === 0
    ? issue(entity, f.name, 'REF_NOT_FOUND', {
        zh: `「${f.labels.zh}」中的「${text}」在${target.zh}中找不到，请先录入或核对名称`,
        en: `"${text}" in "${f.labels.en}" matches no ${target.en}`,
      })
    : issue(entity, f.name, 'REF_AMBIGUOUS', {
        zh: `「${f.labels.zh}」中的「${text}」对应 ${hits} 条${target.zh}，请改用编码或全称`,
        en: `"${text}" in "${f.labels.en}" matches ${hits} records; use the code or full name`,
      });
}

interface DraftIndex {
  /** `${entity}|${natural key}` → draft */
  byKey: Map<string, Draft>;
  byId: Map<string, Draft>;
}
interface Staged {
  draft: Draft;
  values: Values;
  isNew: boolean;
  key: string | null;
}

/** Finds the draft (in the file) or existing record (in the database) a row's values describe, or stages a new one. */
function resolveRecord(
  input: PlanInput,
  entity: EntityName,
  values: Values,
  index: DraftIndex,
  errors: RowIssue[],
  issue: (e: EntityName, f: string, c: string, m: Bilingual) => RowIssue,
): Staged | null {
  const natural = keyOf(entity, values);
  const key = natural === null ? null : `${entity}|${natural}`;
  let existing: ExistingRecord | undefined;
  if (key !== null) {
    const inFile = index.byKey.get(key);
    if (inFile) return { draft: inFile, values, isNew: false, key };
    existing = input.existing.findByKey(entity, keyValues(entity, values));
  } else if (entity === 'enterprise') {
    // No credit code in the row: an enterprise already registered under this exact name is fine; a new one needs its code.
    const hits = typeof values.name === 'string' ? input.existing.findRefs('enterprise', ['name'], values.name) : [];
    existing = hits.length === 1 ? input.existing.getById('enterprise', hits[0]!) : undefined;
    if (!existing) {
      errors.push(
        issue('enterprise', 'creditCode', 'REQUIRED', {
          zh: '「统一社会信用代码」必须填写（新企业按信用代码登记）',
          en: '"Unified social credit code" is required for a new enterprise',
        }),
      );
      return null;
    }
  }
  if (existing) {
    const inFile = index.byId.get(existing.id);
    if (inFile) return { draft: inFile, values, isNew: false, key };
    return {
      draft: { entity, id: existing.id, before: existing.values, after: { ...existing.values }, rows: [], setBy: {} },
      values,
      isNew: true,
      key,
    };
  }
  return {
    draft: { entity, id: input.newId(), before: null, after: { ...defaultValues(entity) }, rows: [], setBy: {} },
    values,
    isNew: true,
    key,
  };
}

/** Applies a row's values to a draft (or, with dryRun, returns what the record would be). First non-empty value wins within the file. */
function mergeInto(
  draft: Draft,
  values: Values,
  row: number,
  warnings: RowIssue[],
  issue: (e: EntityName, f: string, c: string, m: Bilingual) => RowIssue,
  dryRun: boolean,
): Values {
  const after: Values = dryRun ? { ...draft.after } : draft.after;
  for (const [field, v] of Object.entries(values)) {
    const by = draft.setBy[field];
    if (by !== undefined && by !== row) {
      if (!dryRun && canonicalJson(after[field] ?? null) !== canonicalJson(v)) {
        const def = targetDef({ entity: draft.entity, field });
        warnings.push(
          issue(draft.entity, field, 'CONFLICT_IN_FILE', {
            zh: `「${def?.labels.zh ?? field}」与第 ${by} 行不同，已采用第 ${by} 行的值「${cellText(display(after[field]))}」`,
            en: `"${def?.labels.en ?? field}" differs from row ${by}; row ${by}'s value was kept`,
          }),
        );
      }
      continue;
    }
    after[field] = v;
    if (!dryRun) draft.setBy[field] = row;
  }
  return after;
}

/**
 * Required to verify, not to record: a draft lacking such fields imports, with one warning naming them all (待补全).
 * The rule is the shared one (missingToVerify); an entity without a verify stage never gets here with gaps.
 */
function toComplete(entity: EntityName, record: Values): RowIssue | null {
  const missing = missingToVerify(entity, record).filter((e) => e.code === 'REQUIRED_TO_VERIFY');
  if (missing.length === 0) return null;
  const labels = missing.map((e) => getSchema(entity).fields.find((f) => f.name === e.field)!.labels);
  return {
    entity,
    field: missing.map((e) => e.field).join(','),
    column: null,
    header: null,
    code: 'REQUIRED_TO_VERIFY',
    message: {
      zh: `待补全：${labels.map((l) => `「${l.zh}」`).join('')}未填写，导入为草稿，核实前须补全`,
      en: `To complete: ${labels.map((l) => `"${l.en}"`).join(', ')} missing; imported as a draft, to be completed before verification`,
    },
  };
}

function display(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : Array.isArray(v) ? v.join('、') : String(v);
}

function finish(d: Draft): PlannedRecord {
  if (d.before === null) {
    const values: Values = {};
    for (const [k, v] of Object.entries(d.after)) if (!isEmptyValue(v)) values[k] = v;
    return {
      entity: d.entity,
      id: d.id,
      action: 'create',
      values,
      diff: Object.entries(values).map(([field, after]) => ({ field, before: null, after })),
      rows: d.rows,
    };
  }
  const diff: FieldDiff[] = [];
  const values: Values = {};
  for (const [field, after] of Object.entries(d.after)) {
    const before = d.before[field] ?? null;
    if (isEmptyValue(after) || canonicalJson(before) === canonicalJson(after)) continue;
    diff.push({ field, before, after });
    values[field] = after;
  }
  return { entity: d.entity, id: d.id, action: diff.length === 0 ? 'unchanged' : 'update', values, diff, rows: d.rows };
}

function rank(primary: EntityName, e: EntityName): number {
  return e === primary ? 1 : 0;
}

function dedupeIssues(list: RowIssue[]): RowIssue[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.entity}.${i.field}.${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function summarise(rows: readonly RowPlan[], records: readonly PlannedRecord[]): ImportPlan['summary'] {
  const byEntity: ImportPlan['summary']['byEntity'] = {};
  for (const r of records) {
    const counts = (byEntity[r.entity] ??= { create: 0, update: 0, unchanged: 0 });
    counts[r.action]++;
  }
  return {
    rows: rows.filter((r) => r.status !== 'example').length,
    valid: rows.filter((r) => r.status === 'valid').length,
    invalid: rows.filter((r) => r.status === 'invalid').length,
    examples: rows.filter((r) => r.status === 'example').length,
    otherCounty: rows.filter((r) => r.status === 'other_county').length,
    otherCounties: countBy(rows.flatMap((r) => (r.status === 'other_county' && r.county ? [r.county] : []))),
    byEntity,
  };
}

function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** The writes a commit performs, in order (enterprises before the demands pointing at them); unchanged records are left out. */
export function planWrites(plan: ImportPlan): PlannedWrite[] {
  return plan.records
    .filter((r) => r.action !== 'unchanged')
    .map((r) => ({
      entity: r.entity,
      recordId: r.id,
      action: r.action as 'create' | 'update',
      values: r.values,
      source: { kind: 'import', file: plan.fileName, row: r.rows[0]! },
    }));
}
