// PostgreSQL dying: after it was killed the server answered 500 everywhere, /healthz included, and recovered only on
// restart. Now a request meeting a dead database is 503 database-unavailable, /healthz is 503 naming the reason,
// the pool reconnects, and the server restarts its embedded PostgreSQL. This test kills its OWN embedded cluster
// (started here in a temp folder), never the run's shared one.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { openDatabase, type Database } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { createPool } from '../../../server/src/db/pool';
import { useTestDatabase } from '../../support/postgres';
import { ADMIN_TOKEN, adminHeaders } from '../server/harness';

const config = {
  bodyLimit: 1 << 20,
  rateLimit: { max: 100_000, windowMs: 60_000 },
  adminToken: ADMIN_TOKEN,
  tls: undefined,
  logLevel: 'silent',
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks until `done` holds for an answer; returns every status seen (the test timeout bounds the wait). */
async function until(
  app: FastifyInstance,
  url: string,
  done: (status: number) => boolean,
): Promise<{ statuses: number[]; last: { statusCode: number; json(): Record<string, unknown> } }> {
  const statuses: number[] = [];
  for (;;) {
    const res = await app.inject({ method: 'GET', url, headers: adminHeaders });
    statuses.push(res.statusCode);
    if (done(res.statusCode)) return { statuses, last: res };
    await pause(100);
  }
}

/** A TCP hop in front of PostgreSQL that the test can cut (listener closed, every connection torn) and restore. */
function cuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  let port = 0;
  return {
    async open(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : 0;
      return port;
    },
    async cut(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe('the database goes away and comes back', () => {
  const database = useTestDatabase('embedded');

  it('answers 503 with the reason while it is away, never 500, and the pool reconnects', async () => {
    const target = new URL(database.url);
    const proxy = cuttableProxy({ host: target.hostname, port: Number(target.port) });
    const port = await proxy.open();
    const via = new URL(database.url);
    via.port = String(port);
    const pool = createPool(via.toString());
    await migrate(pool);
    const app = await buildApp({ pool, databaseKind: 'external', log: false, config });
    try {
      await app.ready();
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/admin/devices', headers: adminHeaders })).statusCode).toBe(
        200,
      );

      await proxy.cut();
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({
        ok: false,
        code: 'database-unavailable',
        reason: expect.stringMatching(/^database unreachable \(/),
        message: { zh: '数据库暂时不可用。' },
        database: { kind: 'external' },
      });
      expect(health.body).not.toContain('127.0.0.1');
      for (const url of ['/v1/admin/devices', '/v1/admin/targets', '/v1/admin/devices', '/healthz']) {
        const res = await app.inject({ method: 'GET', url, headers: adminHeaders });
        expect([url, res.statusCode, res.json().code]).toEqual([url, 503, 'database-unavailable']);
      }
      const write = await app.inject({
        method: 'POST',
        url: '/v1/admin/enrol-codes',
        headers: adminHeaders,
        payload: { county: '130123' },
      });
      expect([write.statusCode, write.json().code]).toEqual([503, 'database-unavailable']);

      await proxy.open();
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const again = await app.inject({
        method: 'POST',
        url: '/v1/admin/enrol-codes',
        headers: adminHeaders,
        payload: { county: '130123' },
      });
      expect(again.statusCode).toBe(201);
    } finally {
      await app.close();
      await pool.end();
      await proxy.cut().catch(() => undefined);
    }
  });
});

describe('the embedded PostgreSQL is killed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkdesk-db-death-'));
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    // Not a throwaway cluster: that one runs with synchronous_commit=off, and a kill would lose the last commits.
    database = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrate(database.pool);
    app = await buildApp({ pool: database.pool, databaseKind: database.kind, log: false, config });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is restarted by the server, and requests recover without a server restart', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const before = await app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county: '130123' },
    });
    expect(before.statusCode).toBe(201);
    const pid = database.embedded!.pid()!;
    expect(pid).toBeGreaterThan(0);

    process.kill(pid, 'SIGKILL');
    const down = await until(app, '/v1/admin/devices', (s) => s !== 200);
    expect(down.last.statusCode).toBe(503);
    expect(down.last.json().code).toBe('database-unavailable');

    const healed = await until(app, '/healthz', (s) => s === 200);
    expect(healed.statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(healed.last.json()).toMatchObject({ ok: true, database: { kind: 'embedded' } });
    expect(database.embedded!.restarts()).toBe(1);
    expect(database.embedded!.pid()).not.toBe(pid);

    // The pool reconnected: reads and writes work again, and what was committed before the kill is still there.
    const after = await app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county: '130123' },
    });
    expect(after.statusCode).toBe(201);
    const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM enrol_codes');
    expect(rows[0]!.n).toBe(2);
  }, 120_000);
});
