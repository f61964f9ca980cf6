import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../server/src/db/migrate';
import { databaseKinds } from '../../support/postgres';
import { useServer } from './harness';

const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe.each(databaseKinds())('server basics on %s PostgreSQL', (kind) => {
  const server = useServer(kind, { bodyLimit: 2048 });

  it('GET /healthz reports version, database kind and version, and the migration level', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const latest = loadMigrations().length;
    expect(res.json()).toEqual({
      ok: true,
      version: packageVersion,
      database: {
        kind: kind === 'embedded' ? 'embedded' : 'external',
        version: expect.stringMatching(/^PostgreSQL (15|18)\./),
      },
      migrations: { level: latest, latest },
    });
    expect(res.json().database.version).toMatch(kind === 'embedded' ? /^PostgreSQL 18\./ : /^PostgreSQL /);
  });

  it('answers unknown paths with a stable code and a bilingual message', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not-found', message: { zh: expect.any(String), en: expect.any(String) } });
  });

  it('refuses malformed JSON with code malformed-json', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/enrol',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed-json', message: { zh: '提交的内容不是有效的 JSON。' } });
  });

  it('refuses a body over the limit with code body-too-large', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/enrol',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body-too-large', limit: 2048 });
  });

  it('guards admin endpoints with the admin token', async () => {
    const none = await server.app.inject({ method: 'GET', url: '/v1/admin/devices' });
    const wrong = await server.app.inject({
      method: 'GET',
      url: '/v1/admin/devices',
      headers: { authorization: 'Bearer wrong-token' },
    });
    expect([none.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('unauthorized');
  });
});

describe('rate limit', () => {
  const server = useServer('embedded', { rateLimitMax: 2 });

  it('answers 429 with code rate-limited once a client exceeds the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const res = await server.app.inject({ method: 'GET', url: '/v1/server-keys' });
    expect(res.json()).toMatchObject({ code: 'rate-limited', message: { zh: '请求太频繁，请稍后再试。' } });
  });
});
