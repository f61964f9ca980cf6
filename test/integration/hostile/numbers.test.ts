// The admin API's numbers are bounded: a target of 1e308 was accepted and stored. Now anything above MAX_TARGET
// (or not a finite number ≥ 0) is refused 400 target-value, and nothing is stored.
import { describe, expect, it } from 'vitest';
import { MAX_TARGET } from '../../../server/src/stats/targets';
import { databaseKinds } from '../../support/postgres';
import { adminHeaders, useServer } from '../server/harness';

describe.each(databaseKinds())('admin numbers on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  const put = (target: unknown, metric = 'visits') =>
    server.app.inject({
      method: 'PUT',
      url: '/v1/admin/targets',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      payload: `{"level":"county","code":"130123","metric":"${metric}","period":"2026","target":${target}}`,
    });
  const stored = async () =>
    (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM targets')).rows[0]!.n;

  it.each(['1e308', '1e10', String(MAX_TARGET + 1), '-1', '"12"', 'null', '[1]', '1e-400e'])(
    'refuses target %s with 400 and stores nothing',
    async (target) => {
      const res = await put(target);
      expect(res.statusCode).toBe(400);
      expect(['target-value', 'malformed-json']).toContain(res.json().code);
      expect(await stored()).toBe(0);
    },
  );

  it('refuses 1e308 specifically with target-value, naming the bound', async () => {
    const res = await put('1e308');
    expect(res.json()).toMatchObject({ code: 'target-value', max: MAX_TARGET });
  });

  it('accepts the bound itself, and coverage up to 100', async () => {
    expect((await put(String(MAX_TARGET))).statusCode).toBe(200);
    expect((await put('100', 'workstationCoverage')).statusCode).toBe(200);
    expect((await put('100.5', 'workstationCoverage')).statusCode).toBe(400);
    expect(await stored()).toBe(2);
  });

  it('refuses an enrolment code lifetime that is not a sane number of hours', async () => {
    for (const hours of [1e308, -1, 0, 'x', 24 * 31]) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/admin/enrol-codes',
        headers: adminHeaders,
        payload: { county: '130123', hours },
      });
      expect([hours, res.statusCode, res.json().code]).toEqual([hours, 400, 'invalid-request']);
    }
  });
  it.each(['0000', '0000-01', '0000-Q1', '9999-Q4'])('answers stats for period %s without a 500', async (period) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/stats?level=county&code=130123&period=${period}`,
      headers: adminHeaders,
    });
    expect(res.statusCode).toBeLessThan(500);
  });
});
