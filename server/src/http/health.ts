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

export function healthRoutes(app: FastifyInstance, pool: Pool, kind: DatabaseKind): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    const h = await health(pool, kind);
    return reply.status(h.ok ? 200 : 503).send(h);
  });
}
