// `import-reference clusters|industries|commissioners FILE.xlsx`: the province's lists, read with the shared
// spreadsheet core, checked with the shared schemas, and committed as province-owned ops through the ingest's merge.
//
// All or nothing: when any row is invalid nothing is applied (the clerk fixes the file and imports it again; a
// half-applied list would leave clusters pointing at industries that were never written). Re-importing the same
// file plans no change and writes no op.
import { createHash } from 'node:crypto';
import { canonicalJson, uuidv7, type EntityName, type JsonValue } from '@shared/change';
import type { Bilingual } from '@shared/domain';
import { importFile, lookupFromRecords, mappingProblems, planWrites, type ImportPlan } from '@shared/spreadsheet';
import { withTransaction, type Pool } from '../db/pool.js';
import { PROVINCE_SCOPE } from '../pull/changes.js';
import { currentRecords, type CurrentRecord } from './current-state.js';
import { mergeProvinceOps, provinceOps, type ProvinceEdit } from './province-ops.js';

export const REFERENCE_KINDS = {
  clusters: 'cluster',
  industries: 'industry',
  commissioners: 'commissioner',
} as const satisfies Record<string, EntityName>;
export type ReferenceKind = keyof typeof REFERENCE_KINDS;

/** Reference tables keyed by their code: the code is the record id, so every import of a code meets the same record. */
const CODE_KEYED: ReadonlySet<EntityName> = new Set(['industry', 'cluster']);
/** What the rows may refer to (a cluster's industry, a commissioner's workstation) and what they may match. */
const LOOKUP_ENTITIES: readonly EntityName[] = ['industry', 'cluster', 'commissioner', 'workstation'];

export interface RowIssueReport {
  field: string;
  column: string | null;
  header: string | null;
  code: string;
  message: Bilingual;
}

export interface RowReport {
  row: number;
  status: 'valid' | 'invalid';
  /** create / update / unchanged, with the record id. */
  records: { id: string; action: 'create' | 'update' | 'unchanged' }[];
  errors: RowIssueReport[];
}

export interface ReferenceImportReport {
  kind: ReferenceKind;
  file: string;
  sha256: string;
  dryRun: boolean;
  /** true when the ops were committed. */
  applied: boolean;
  /** File-level problems (no header, a required column missing). */
  problems: { code: string; message: Bilingual }[];
  rows: RowReport[];
  summary: { rows: number; valid: number; invalid: number; create: number; update: number; unchanged: number };
  ops: number;
  cursor: number | null;
}

export class ReferenceFileError extends Error {
  constructor(
    readonly code: string,
    readonly text: Bilingual,
  ) {
    super(text.en);
  }
}

interface Planned {
  edits: ProvinceEdit[];
  rows: RowReport[];
}

export async function importReference(
  pool: Pool,
  input: { kind: ReferenceKind; bytes: Uint8Array; fileName: string; dryRun: boolean; operator: string },
): Promise<ReferenceImportReport> {
  const entity = REFERENCE_KINDS[input.kind];
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const known = await currentRecords(pool, LOOKUP_ENTITIES, { withDeleted: true });
  const live = known.filter((r) => !r.deleted);
  const result = importFile({
    bytes: input.bytes,
    fileName: input.fileName,
    entity,
    existing: lookupFromRecords(live.map((r) => ({ entity: r.entity, id: r.id, values: r.values }))),
    newId: uuidv7,
  });
  if (!result.ok)
    throw new ReferenceFileError(
      `spreadsheet-${result.error.code.toLowerCase().replace(/_/g, '-')}`,
      result.error.message,
    );
  const problems = mappingProblems(result.mapping).map((p) => ({ code: p.code, message: p.message }));
  const planned = planEdits(result.plan, known);
  const summary = {
    rows: planned.rows.length,
    valid: planned.rows.filter((r) => r.status === 'valid').length,
    invalid: planned.rows.filter((r) => r.status === 'invalid').length,
    create: 0,
    update: 0,
    unchanged: 0,
  };
  const seen = new Set<string>();
  for (const rec of planned.rows.flatMap((r) => r.records)) {
    if (seen.has(rec.id)) continue;
    seen.add(rec.id);
    summary[rec.action]++;
  }
  const report: ReferenceImportReport = {
    kind: input.kind,
    file: input.fileName,
    sha256,
    dryRun: input.dryRun,
    applied: false,
    problems,
    rows: planned.rows,
    summary,
    ops: 0,
    cursor: null,
  };
  if (input.dryRun || problems.length > 0 || summary.invalid > 0 || planned.edits.length === 0) return report;

  const ops = provinceOps(planned.edits, input.operator);
  const outcome = await withTransaction(pool, async (client) => {
    const merged = await mergeProvinceOps(client, ops);
    await client.query(
      `INSERT INTO reference_imports (kind, file_name, file_sha256, row_count, op_count, imported_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [input.kind, input.fileName, sha256, summary.rows, ops.length, input.operator],
    );
    return merged;
  });
  return { ...report, applied: true, ops: ops.length, cursor: outcome.cursor };
}

/** The dry-run plan as province edits; code-keyed tables are matched to their record by code. */
function planEdits(plan: ImportPlan, known: readonly CurrentRecord[]): Planned {
  const byId = new Map(known.map((r) => [`${r.entity}|${r.id}`, r]));
  const rows = new Map<number, RowReport>();
  for (const rp of plan.rows) {
    // The province imports reference data with no scope, so no row is other_county here.
    if (rp.status === 'example' || rp.status === 'other_county') continue;
    rows.set(rp.row, {
      row: rp.row,
      status: rp.status,
      records: [],
      errors: rp.errors.map((e) => ({
        field: e.field,
        column: e.column,
        header: e.header,
        code: e.code,
        message: e.message,
      })),
    });
  }
  const edits: ProvinceEdit[] = [];
  const codeRows = new Map<string, number>();
  const writes = new Map(planWrites(plan).map((w) => [w.recordId, w]));
  for (const record of plan.records) {
    let id = record.id;
    let values = writes.get(record.id)?.values ?? {};
    let action = record.action;
    const source = writes.get(record.id)?.source ?? {
      kind: 'import' as const,
      file: plan.fileName,
      row: record.rows[0]!,
    };
    if (CODE_KEYED.has(record.entity) && record.action === 'create') {
      id = String(record.values.code);
      const first = codeRows.get(id);
      if (first !== undefined) {
        for (const row of record.rows) invalidate(rows.get(row), duplicateCode(id, first));
        continue;
      }
      codeRows.set(id, record.rows[0]!);
      const old = byId.get(`${record.entity}|${id}`);
      if (old) {
        values = Object.fromEntries(
          Object.entries(record.values).filter(([f, v]) => canonicalJson(old.values[f] ?? null) !== canonicalJson(v)),
        );
        action = old.deleted || Object.keys(values).length > 0 ? 'update' : 'unchanged';
      }
    }
    for (const row of record.rows) rows.get(row)?.records.push({ id, action });
    if (action === 'unchanged') continue;
    const old = byId.get(`${record.entity}|${id}`);
    edits.push({
      entity: record.entity,
      recordId: id,
      county: countyOf(record.entity, values, old),
      changes: values,
      base: old ? Object.fromEntries(Object.keys(values).map((f) => [f, old.hlcs[f] ?? null])) : null,
      ...(old?.deleted ? { restoreOver: old.hlcs._deleted ?? null } : {}),
      source,
    });
  }
  return { edits, rows: [...rows.values()].sort((a, b) => a.row - b.row) };
}

/** Province tables belong to the province scope; a commissioner belongs to the county named in its row. */
function countyOf(entity: EntityName, values: Record<string, JsonValue>, old: CurrentRecord | undefined): string {
  if (CODE_KEYED.has(entity)) return PROVINCE_SCOPE;
  const county = values.county ?? old?.values.county;
  return typeof county === 'string' ? county : (old?.county ?? PROVINCE_SCOPE);
}

function duplicateCode(code: string, firstRow: number): RowIssueReport {
  return {
    field: 'code',
    column: null,
    header: null,
    code: 'DUPLICATE_CODE',
    message: { zh: `代码「${code}」与第 ${firstRow} 行重复`, en: `Code "${code}" repeats row ${firstRow}` },
  };
}

function invalidate(row: RowReport | undefined, issue: RowIssueReport): void {
  if (!row) return;
  row.status = 'invalid';
  row.records = [];
  row.errors.push(issue);
}
