import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.js';
import { requireAdmin } from '../http/admin-auth.js';
import { coverageFigures, demandFigures, visitFigures } from './figures.js';
import { parsePeriod, resolveScope, type Level } from './scope.js';
import { listTargets, progressOf, putTarget } from './targets.js';

type StatsQuery = { level?: string; code?: string; period?: string };

export function statsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { pool } = ctx;
  const admin = { onRequest: async (request: FastifyRequest) => requireAdmin(request, ctx.config.adminToken) };

  /** GET /v1/admin/stats?level=province|city|county|cluster&code=…&period=2026|2026-Q2|2026-05 */
  app.get<{ Querystring: StatsQuery }>('/v1/admin/stats', admin, async (request) => {
    const scope = await resolveScope(pool, request.query.level, request.query.code);
    const period = parsePeriod(request.query.period);
    const [demands, visits, workstations, targets] = await Promise.all([
      demandFigures(pool, scope, period),
      visitFigures(pool, scope, period),
      coverageFigures(pool, scope),
      listTargets(pool, { level: scope.level, code: scope.code, period: period.period }),
    ]);
    const { counties, ...where } = scope;
    return { scope: { ...where, counties: counties.length }, period, demands, visits, workstations, targets: progressOf(targets, { demands, visits, workstations }) };
  });

  app.get<{ Querystring: StatsQuery }>('/v1/admin/targets', admin, async (request) => {
    const q = request.query;
    return { targets: await listTargets(pool, { level: q.level as Level | undefined, code: q.code, period: q.period }) };
  });

  /** PUT /v1/admin/targets { level, code, metric, period, target } → the stored target. */
  app.put('/v1/admin/targets', admin, async (request) => putTarget(pool, request.body));
}
