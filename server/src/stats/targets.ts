// Configurable targets (`targets` table) per scope, metric and period, and progress against them.
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/errors.js';
import type { CoverageFigures, DemandFigures, VisitFigures } from './figures.js';
import { parsePeriod, resolveScope, type Level } from './scope.js';

/** What a target can measure; `workstationCoverage` is in percent of townships. */
export const METRICS = ['demands', 'solvedDemands', 'visits', 'visitDays', 'workstationCoverage'] as const;
export type Metric = (typeof METRICS)[number];

/** The largest target accepted: far above any county's, province's or year's count, far below float trouble. */
export const MAX_TARGET = 1_000_000_000;

export interface Target {
  level: Level;
  code: string;
  metric: Metric;
  period: string;
  target: number;
  updatedAt: string;
}

export interface Progress extends Target {
  actual: number | null;
  /** actual / target × 100, one decimal; null without an actual or for a zero target. */
  percent: number | null;
}

const targetErrors = {
  badMetric: (metric: unknown) =>
    new ApiError(400, 'target-metric', {
      zh: `指标只能是 ${METRICS.join('、')}，收到「${String(metric)}」。`,
      en: `metric must be one of ${METRICS.join(', ')}, got "${String(metric)}".`,
    }),
  badValue: (value: unknown) =>
    new ApiError(
      400,
      'target-value',
      {
        zh: `目标值必须是 0 到 ${MAX_TARGET} 之间的数（覆盖率不超过 100），收到「${String(value).slice(0, 40)}」。`,
        en: `target must be a number from 0 to ${MAX_TARGET} (coverage ≤ 100), got "${String(value).slice(0, 40)}".`,
      },
      { max: MAX_TARGET },
    ),
};

interface Row {
  scope_kind: Level;
  scope_code: string;
  metric: Metric;
  period: string;
  target: string;
  updated_at: Date;
}

const toTarget = (r: Row): Target => ({
  level: r.scope_kind,
  code: r.scope_code,
  metric: r.metric,
  period: r.period,
  target: Number(r.target),
  updatedAt: r.updated_at.toISOString(),
});

export async function listTargets(
  pool: Pool,
  filter: { level?: Level; code?: string; period?: string },
): Promise<Target[]> {
  const { rows } = await pool.query<Row>(
    `SELECT scope_kind, scope_code, metric, period, target, updated_at FROM targets
     WHERE ($1::text IS NULL OR scope_kind = $1) AND ($2::text IS NULL OR scope_code = $2) AND ($3::text IS NULL OR period = $3)
     ORDER BY scope_kind, scope_code, period, metric`,
    [filter.level ?? null, filter.code ?? null, filter.period ?? null],
  );
  return rows.map(toTarget);
}

/** Sets (or replaces) one target; the scope must exist, the metric be known and the period well-formed. */
export async function putTarget(pool: Pool, body: unknown): Promise<Target> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const scope = await resolveScope(pool, b.level, b.code);
  if (!(METRICS as readonly unknown[]).includes(b.metric)) throw targetErrors.badMetric(b.metric);
  const { period } = parsePeriod(typeof b.period === 'string' && b.period.trim() ? b.period : '-');
  const value = typeof b.target === 'number' ? b.target : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > MAX_TARGET || (b.metric === 'workstationCoverage' && value > 100))
    throw targetErrors.badValue(b.target);
  const { rows } = await pool.query<Row>(
    `INSERT INTO targets (scope_kind, scope_code, metric, period, target) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (scope_kind, scope_code, metric, period) DO UPDATE SET target = EXCLUDED.target, updated_at = now()
     RETURNING scope_kind, scope_code, metric, period, target, updated_at`,
    [scope.level, scope.code, b.metric, period, value],
  );
  return toTarget(rows[0]!);
}

export function progressOf(
  targets: readonly Target[],
  figures: { demands: DemandFigures; visits: VisitFigures; workstations: CoverageFigures },
): Progress[] {
  const actualOf: Record<Metric, number | null> = {
    demands: figures.demands.inPeriod,
    solvedDemands: figures.demands.solvedInPeriod,
    visits: figures.visits.total,
    visitDays: figures.visits.days,
    workstationCoverage: figures.workstations.percent,
  };
  return targets.map((t) => {
    const actual = actualOf[t.metric];
    return {
      ...t,
      actual,
      percent: actual === null || t.target === 0 ? null : Math.round((actual / t.target) * 1000) / 10,
    };
  });
}
