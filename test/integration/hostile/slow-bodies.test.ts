// Slow clients: 200 connections that never finished their body stayed open for 75 s. Now headers and the whole
// request must arrive in time (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS), a silent socket is closed
// (CONNECTION_TIMEOUT_MS), and connections beyond MAX_CONNECTIONS are refused. No durations are asserted: each test
// waits for the server to close the sockets (the test timeout is the bound).
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { useTestDatabase } from '../../support/postgres';

interface Conn {
  socket: net.Socket;
  closed: Promise<string>;
}

function connect(port: number, first: string): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(first);
      resolve({ socket, closed });
    });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    const closed = new Promise<string>((done) => socket.on('close', () => done(answer)));
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe('slow and idle clients', () => {
  const database = useTestDatabase('embedded');
  let pool: Pool;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    app = await buildApp({
      pool,
      databaseKind: 'external',
      log: false,
      config: {
        bodyLimit: 1 << 20,
        rateLimit: { max: 10_000, windowMs: 60_000 },
        adminToken: 'x'.repeat(20),
        tls: undefined,
        logLevel: 'silent',
        timeouts: { requestMs: 1500, headersMs: 1000, keepAliveMs: 1000, idleMs: 2000, maxConnections: 30 },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  it('cuts off 20 connections that never finish their body, answering 408 where it can', async () => {
    const head =
      'POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"code":';
    const conns = await Promise.all(Array.from({ length: 20 }, () => connect(port, head)));
    const answers = await Promise.all(conns.map((c) => c.closed));
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('cuts off connections whose headers never end', async () => {
    const conns = await Promise.all(
      Array.from({ length: 10 }, () => connect(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')),
    );
    const answers = await Promise.all(conns.map((c) => c.closed));
    for (const answer of answers) expect(answer === '' || /^HTTP\/1\.1 40[08]/.test(answer)).toBe(true);
  });

  it('closes a kept-alive connection that goes quiet after its request', async () => {
    const conn = await connect(port, 'GET /v1/server-keys HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await conn.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses connections beyond MAX_CONNECTIONS and serves again once they are gone', async () => {
    let dropped = 0;
    const onDrop = (): void => {
      dropped++;
    };
    app.server.on('drop', onDrop);
    const conns = await Promise.all(
      Array.from({ length: 40 }, () => connect(port, 'GET /v1/server-keys HTTP/1.1\r\nHost: x\r\nX-Slow: ')),
    );
    const answers = await Promise.all(conns.map((c) => c.closed));
    app.server.off('drop', onDrop);
    // 30 held (then timed out with 408 or nothing), 10 dropped by the server at once, unanswered.
    expect(dropped).toBeGreaterThanOrEqual(10);
    expect(answers.filter((a) => a === '').length).toBeGreaterThanOrEqual(10);
    const after = await connect(port, 'GET /v1/server-keys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await after.closed).toMatch(/^HTTP\/1\.1 200/);
  });
});
