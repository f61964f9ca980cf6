/**
 * `--set field=value` as the import's fill: the field by its name or its Chinese label, of the imported entity.
 * An unknown field or a missing `=` is a usage error naming it.
 */
export function fillOf(entity: EntityName, sets: readonly string[]): Record<string, string> | undefined {
  if (sets.length === 0) return undefined;
  const fields = getSchema(entity).fields.filter((f) => !f.system);
  const out: Record<string, string> = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    if (at <= 0) throw new UsageError(`--set needs field=value, got "${set}"`);
    const name = set.slice(0, at).trim();
    const field = fields.find((f) => f.name === name || f.labels.zh === name);
    if (!field)
      throw new UsageError(
        `--set: "${name}" is not a field of ${entity} (one of: ${fields.map((f) => f.name).join(', ')})`,
      );
    out[field.name] = set.slice(at + 1).trim();
  }
  return out;
}

/** The JSON answer of `device import`: counts, what each record would become, and every invalid row's reasons. */
import type { EntityName } from '@shared/change/op';
import { getDivision } from '@shared/domain';
import { getSchema } from '@shared/domain/registry';
import type { ImportFileResult } from '@shared/spreadsheet';
import { UsageError } from './args';

type Planned = Extract<ImportFileResult, { ok: true }>;

export function importReport(result: Planned, options: { dryRun: boolean; ops: number }): Record<string, unknown> {
  const { plan } = result;
  const count = (action: 'create' | 'update' | 'unchanged'): number =>
    plan.records.filter((r) => r.action === action).length;
  return {
    file: plan.fileName,
    entity: plan.entity,
    dryRun: options.dryRun,
    committed: !options.dryRun && options.ops > 0,
    ops: options.ops,
    counts: {
      rows: plan.summary.rows,
      valid: plan.summary.valid,
      invalid: plan.summary.invalid,
      examples: plan.summary.examples,
      otherCounty: plan.summary.otherCounty,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
    },
    byEntity: plan.summary.byEntity,
    // Rows of counties outside this office's scope, per county: not imported (that county's office records them).
    otherCounties: Object.entries(plan.summary.otherCounties).map(([county, rows]) => ({
      county,
      name: getDivision(county)?.name ?? county,
      rows,
    })),
    mapping: {
      sheet: result.mapping.sheet,
      firstDataRow: result.mapping.firstDataRow + 1,
      columns: result.mapping.columns
        .filter((c) => c.target)
        .map((c) => ({ column: c.letter, header: c.header, target: `${c.target!.entity}.${c.target!.field}` })),
    },
    problems: result.problems.map((pr) => ({ code: pr.code, message: pr.message })),
    // fields a draft may lack that no column carries: the rows import as drafts marked 待补全
    gaps: result.gaps.map((g) => ({ field: `${g.target.entity}.${g.target.field}`, message: g.message })),
    notices: plan.notices.map((n) => ({ code: n.code, sheet: n.sheet, ref: n.ref ?? null, message: n.message })),
    rows: plan.rows
      .filter((r) => r.status !== 'valid' || r.warnings.length > 0)
      .map((r) => ({
        row: r.row,
        status: r.status,
        ...(r.county ? { county: r.county } : {}),
        errors: r.errors.map((e) => ({
          field: `${e.entity}.${e.field}`,
          column: e.column,
          header: e.header,
          code: e.code,
          message: e.message,
        })),
        warnings: r.warnings.map((w) => ({
          field: `${w.entity}.${w.field}`,
          column: w.column,
          code: w.code,
          message: w.message,
        })),
      })),
  };
}
