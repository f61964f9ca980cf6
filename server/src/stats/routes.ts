import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../http/admin-auth.js';
import { statsReport } from './report.js';
import type { Level } from './scope.js';
import { listTargets, putTarget } from './targets.js';

type StatsQuery = { level?: string; code?: string; period?: string };

export function statsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { pool } = ctx;
  const admin = { onRequest: async (request: FastifyRequest) => requireAdmin(request, ctx.config.adminToken) };

  /** GET /v1/admin/stats?level=province|city|county|cluster&code=…&period=2026|2026-Q2|2026-05 */
  app.get<{ Querystring: StatsQuery }>('/v1/admin/stats', admin, async (request) => statsReport(pool, request.query));

  app.get<{ Querystring: StatsQuery }>('/v1/admin/targets', admin, async (request) => {
    const q = request.query;
    return {
      targets: await listTargets(pool, { level: q.level as Level | undefined, code: q.code, period: q.period }),
    };
  });

  /** PUT /v1/admin/targets { level, code, metric, period, target } → the stored target. */
  app.put('/v1/admin/targets', admin, async (request) => putTarget(pool, request.body));
}
