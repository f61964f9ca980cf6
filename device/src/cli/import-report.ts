/** The JSON answer of `device import`: counts, what each record would become, and every invalid row's reasons. */
import { getDivision } from '@shared/domain';
import type { ImportFileResult } from '@shared/spreadsheet';

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
