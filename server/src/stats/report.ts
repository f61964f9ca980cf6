// The whole statistics answer for one scope and period (the JSON API and the admin CLI give the same).
import type { Pool } from '../db/pool.js';
import { coverageFigures, demandFigures, visitFigures } from './figures.js';
import { parsePeriod, resolveScope } from './scope.js';
import { listTargets, progressOf } from './targets.js';

export type StatsReport = Awaited<ReturnType<typeof statsReport>>;

export async function statsReport(pool: Pool, query: { level?: unknown; code?: unknown; period?: unknown }) {
  const scope = await resolveScope(pool, query.level, query.code);
  const period = parsePeriod(query.period);
  const [demands, visits, workstations, targets] = await Promise.all([
    demandFigures(pool, scope, period),
    visitFigures(pool, scope, period),
    coverageFigures(pool, scope),
    listTargets(pool, { level: scope.level, code: scope.code, period: period.period }),
  ]);
  const { counties, ...where } = scope;
  return {
    scope: { ...where, counties: counties.length },
    period,
    demands,
    visits,
    workstations,
    targets: progressOf(targets, { demands, visits, workstations }),
  };
}
