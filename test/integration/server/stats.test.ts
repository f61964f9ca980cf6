// GET /v1/admin/stats and the targets API over the merged current state, on real PostgreSQL.
import { countiesOf, townshipsOf } from '@shared/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/postgres';
import { adminHeaders, useServer } from './harness';
import { seedCountyData } from './stats-seed';

describe.each(databaseKinds())('statistics API on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  const stats = async (query: string) => {
    const res = await server.app.inject({ method: 'GET', url: `/v1/admin/stats?${query}`, headers: adminHeaders });
    return { status: res.statusCode, body: res.json() };
  };
  const putTarget = (payload: Record<string, unknown>) =>
    server.app.inject({ method: 'PUT', url: '/v1/admin/targets', headers: adminHeaders, payload });

  beforeAll(async () => {
    await seedCountyData(server.pool);
  });

  it('a county: live demands by status, type and field; visits of the year by commissioner; workstation coverage', async () => {
    const { status, body } = await stats('level=county&code=130123&period=2026');
    expect(status).toBe(200);
    expect(body.scope).toEqual({ level: 'county', code: '130123', name: '正定县', counties: 1 });
    expect(body.period).toEqual({ period: '2026', from: '2026-01-01', to: '2026-12-31' });
    // The deleted demand is not counted.
    expect(body.demands).toEqual({
      total: 2,
      inPeriod: 2,
      solvedInPeriod: 1,
      byStatus: { reported: 1, solved: 1 },
      byType: { applied_research: 1, unset: 1 },
      byField: { electronic_info: 2 },
    });
    // v3 is dated 2025; a visit by two commissioners counts for each.
    expect(body.visits).toEqual({
      total: 2,
      days: 3.5,
      byCommissioner: [
        { id: 'c1', name: '李明', visits: 2, days: 3.5 },
        { id: 'c2', name: '张华', visits: 1, days: 1.5 },
      ],
    });
    // Two workstations in one township count once: 2 of 正定县's townships have one.
    const townships = townshipsOf('130123').length;
    expect(body.workstations).toEqual({
      townships,
      covered: 2,
      percent: Math.round((2 / townships) * 1000) / 10,
      byCounty: [{ county: '130123', name: '正定县', townships, covered: 2 }],
    });
  });

  it('a quarter or a month narrows the period figures', async () => {
    expect((await stats('level=county&code=130123&period=2026-Q2')).body.visits.total).toBe(2);
    expect((await stats('level=county&code=130123&period=2026-05')).body.visits.total).toBe(0);
    expect((await stats('level=county&code=130123&period=2026-05')).body.demands).toMatchObject({
      total: 2,
      inPeriod: 1,
      solvedInPeriod: 1,
    });
  });

  it('a city covers its counties; the province all of them', async () => {
    const city = (await stats('level=city&code=130100&period=2026')).body;
    expect(city.scope).toMatchObject({ name: '石家庄市', counties: countiesOf('130100', { zones: true }).length });
    expect(city.demands.total).toBe(2);
    const cityTownships = countiesOf('130100', { zones: true }).reduce((n, c) => n + townshipsOf(c.code).length, 0);
    expect(city.workstations).toMatchObject({ townships: cityTownships, covered: 2 });
    const province = (await stats('level=province&period=2026')).body;
    expect(province.demands).toMatchObject({ total: 3, byStatus: { reported: 1, solved: 1, draft: 1 } });
    expect(province.visits.total).toBe(3);
  });

  it('a cluster: its demands, and the visits to its enterprises', async () => {
    const { body } = await stats('level=cluster&code=zd_food&period=2026');
    expect(body.scope).toEqual({ level: 'cluster', code: 'zd_food', name: '正定食品加工', counties: 1 });
    expect(body.demands).toMatchObject({ total: 1, byStatus: { reported: 1 } });
    expect(body.visits).toMatchObject({ total: 1, days: 1.5 });
  });

  it('targets: PUT sets or replaces one, and stats report progress against it', async () => {
    expect(
      (await putTarget({ level: 'county', code: '130123', metric: 'visits', period: '2026', target: 8 })).statusCode,
    ).toBe(200);
    const replaced = await putTarget({ level: 'county', code: '130123', metric: 'visits', period: '2026', target: 4 });
    expect(replaced.json()).toMatchObject({
      level: 'county',
      code: '130123',
      metric: 'visits',
      period: '2026',
      target: 4,
    });
    await putTarget({ level: 'county', code: '130123', metric: 'workstationCoverage', period: '2026', target: 50 });
    await putTarget({ level: 'county', code: '130123', metric: 'visits', period: '2027', target: 10 });

    const listed = await server.app.inject({
      method: 'GET',
      url: '/v1/admin/targets?level=county&code=130123',
      headers: adminHeaders,
    });
    expect(
      listed
        .json()
        .targets.map((t: { metric: string; period: string; target: number }) => [t.period, t.metric, t.target]),
    ).toEqual([
      ['2026', 'visits', 4],
      ['2026', 'workstationCoverage', 50],
      ['2027', 'visits', 10],
    ]);
    const { body } = await stats('level=county&code=130123&period=2026');
    const coverage = body.workstations.percent as number;
    expect(
      body.targets.map((t: { metric: string; target: number; actual: number; percent: number }) => [
        t.metric,
        t.target,
        t.actual,
        t.percent,
      ]),
    ).toEqual([
      ['visits', 4, 2, 50],
      ['workstationCoverage', 50, coverage, Math.round((coverage / 50) * 1000) / 10],
    ]);
  });

  it('refuses bad input with stable codes, and everything without the admin token', async () => {
    expect(await stats('level=town&code=1')).toMatchObject({ status: 400, body: { code: 'stats-level' } });
    expect(await stats('level=county&code=110101')).toMatchObject({
      status: 404,
      body: { code: 'stats-scope-unknown' },
    });
    expect(await stats('level=city&code=130123')).toMatchObject({ status: 404, body: { code: 'stats-scope-unknown' } });
    expect(await stats('level=cluster&code=nope')).toMatchObject({
      status: 404,
      body: { code: 'stats-scope-unknown' },
    });
    expect(await stats('level=county&code=130123&period=2026-13')).toMatchObject({
      status: 400,
      body: { code: 'stats-period' },
    });
    expect(
      (await putTarget({ level: 'county', code: '130123', metric: 'happiness', period: '2026', target: 1 })).json()
        .code,
    ).toBe('target-metric');
    expect(
      (await putTarget({ level: 'county', code: '130123', metric: 'visits', period: '2026', target: -1 })).json().code,
    ).toBe('target-value');
    expect(
      (
        await putTarget({ level: 'county', code: '130123', metric: 'workstationCoverage', period: '2026', target: 120 })
      ).json().code,
    ).toBe('target-value');
    expect(
      (await putTarget({ level: 'county', code: '130123', metric: 'visits', period: 'soon', target: 1 })).json().code,
    ).toBe('stats-period');
    const anonymous = await server.app.inject({ method: 'GET', url: '/v1/admin/stats?level=province' });
    expect(anonymous.statusCode).toBe(401);
    const anonymousPut = await server.app.inject({ method: 'PUT', url: '/v1/admin/targets', payload: {} });
    expect(anonymousPut.statusCode).toBe(401);
  });
});
