import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../db/database.js';
import { migrationStatus } from '../db/migrate.js';
import type { Pool } from '../db/pool.js';
import { VERSION } from '../version.js';

export interface Health {
  ok: boolean;
  version: string;
  database: { kind: DatabaseKind; version: string };
  migrations: { level: number; latest: number };
}

export async function health(pool: Pool, kind: DatabaseKind): Promise<Health> {
  const [{ rows }, status] = await Promise.all([
    pool.query<{ version: string }>('SELECT version()'),
    migrationStatus(pool),
  ]);
  return {
    ok: status.level === status.latest,
    version: VERSION,
    database: { kind, version: rows[0]!.version },
    migrations: { level: status.level, latest: status.latest },
  };
}

/** /healthz while the database cannot be reached: 503 with the reason, so a load balancer and an admin both see it. */
export interface Unhealthy {
  ok: false;
  version: string;
  code: 'database-unavailable';
  reason: string;
  message: { zh: string; en: string };
  database: { kind: DatabaseKind };
}

export function healthRoutes(app: FastifyInstance, pool: Pool, kind: DatabaseKind): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      const h = await health(pool, kind);
      return await reply.status(h.ok ? 200 : 503).send(h);
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database unavailable');
      const body: Unhealthy = {
        ok: false,
        version: VERSION,
        code: 'database-unavailable',
        // The kind of failure, not the message: it would name hosts and ports to anyone.
        reason: `database unreachable (${String((error as { code?: unknown }).code ?? 'no connection')})`,
        message: { zh: '数据库暂时不可用。', en: 'The database is unavailable.' },
        database: { kind },
      };
      return reply.status(503).send(body);
    }
  });
}
