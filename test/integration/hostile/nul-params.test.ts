// NUL and other control bytes in every route parameter: each is refused 400 `invalid-characters` naming the
// parameter, before any route code runs, and nothing is written. (They were 500s: PostgreSQL cannot store NUL.)
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/postgres';
import { adminHeaders, enrolmentRequestText, newDeviceKeys, useServer, type ServerHarness } from '../server/harness';

const CONTROLS = ['%00', '%01', '%0A', '%1B', '%1F', '%7F'];

/** Every query parameter and path id of the API, with the control byte at `X`. */
const URLS = [
  ['GET', '/v1/admin/devices?county=X'],
  ['GET', '/v1/admin/devices?county=1301X23'],
  ['POST', '/v1/admin/devices/aXb/revoke'],
  ['POST', '/v1/devices/pc-X-1/rotate'],
  ['GET', '/v1/admin/stats?level=X'],
  ['GET', '/v1/admin/stats?level=county&code=130123X'],
  ['GET', '/v1/admin/stats?period=2026X'],
  ['GET', '/v1/admin/targets?level=countyX'],
  ['GET', '/v1/admin/targets?code=X'],
  ['GET', '/v1/admin/targets?period=X'],
  ['GET', '/v1/server-keys?X=1'],
] as const;

async function rowCounts(server: ServerHarness): Promise<Record<string, number>> {
  const { rows } = await server.pool.query<{ devices: number; codes: number; targets: number; revoked: number }>(
    `SELECT (SELECT count(*)::int FROM devices) AS devices, (SELECT count(*)::int FROM enrol_codes) AS codes,
            (SELECT count(*)::int FROM targets) AS targets,
            (SELECT count(*)::int FROM devices WHERE status <> 'active') AS revoked`,
  );
  return rows[0]!;
}

function expectRefused(res: { statusCode: number; json(): unknown }, field: RegExp): void {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; field: string; message: { zh: string; en: string } };
  expect(body.code).toBe('invalid-characters');
  expect(body.field).toMatch(field);
  expect(body.message.zh).toContain('控制字符');
}

describe.each(databaseKinds())('control bytes in route parameters on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  it.each(URLS.flatMap(([method, url]) => CONTROLS.map((c) => [method, url.replace('X', c)] as const)))(
    '%s %s → 400 invalid-characters',
    async (method, url) => {
      const before = await rowCounts(server);
      const res = await server.app.inject({
        method,
        url,
        headers: adminHeaders,
        payload: method === 'POST' ? {} : undefined,
      });
      expectRefused(res, /^(query|params)(\.|$)/);
      expect(await rowCounts(server)).toEqual(before);
    },
  );

  it('refuses a path id that is not valid percent-encoded UTF-8 with 400 invalid-url, in the API error shape', async () => {
    for (const url of ['/v1/admin/devices/%d2%d8/revoke', '/v1/devices/%c0%af/rotate', '/v1/devices/a%ffb/rotate']) {
      const res = await server.app.inject({ method: 'POST', url, headers: adminHeaders, payload: {} });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid-url', message: { zh: '请求地址的编码不正确。' } });
    }
  });

  it('names the path id and the query parameter that held the byte', async () => {
    const revoke = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/devices/a%00b/revoke',
      headers: adminHeaders,
      payload: {},
    });
    expectRefused(revoke, /^params\.id$/);
    const list = await server.app.inject({ method: 'GET', url: '/v1/admin/devices?county=%00', headers: adminHeaders });
    expectRefused(list, /^query\.county$/);
  });

  it('refuses NUL in the enrolment operator name, and in every other JSON body field, with nothing stored', async () => {
    const issued = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county: '130123' },
    });
    expect(issued.statusCode).toBe(201);
    const device = await newDeviceKeys();
    const enrol = {
      code: issued.json().code as string,
      deviceId: 'pc-nul-1',
      publicKey: device.pair.publicKey,
      alg: device.pair.alg,
      operator: '王\u0000芳',
    };
    const before = await rowCounts(server);
    expectRefused(await server.app.inject({ method: 'POST', url: '/v1/enrol', payload: enrol }), /^body\.operator$/);
    const bodies: [string, string, Record<string, unknown>][] = [
      ['POST', '/v1/enrol', { ...enrol, operator: '王芳', deviceId: 'pc\u0000' }],
      ['POST', '/v1/admin/enrol-codes', { county: '130123\u0000' }],
      ['POST', '/v1/admin/enrol-requests', { request: '{"a":"\u0000"}' }],
      ['POST', '/v1/admin/devices/pc-nul-1/revoke', { reason: 'lost\u0000' }],
      [
        'PUT',
        '/v1/admin/targets',
        { level: 'county', code: '130123', metric: 'visits', period: '2026\u0000', target: 1 },
      ],
      [
        'PUT',
        '/v1/admin/targets',
        { level: 'county', code: '130123', metric: 'visits', period: '2026', target: 1, ['x\u0000']: 1 },
      ],
      ['POST', '/v1/devices/pc-nul-1/rotate', { request: { deep: [[['\u0000']]] } }],
    ];
    for (const [method, url, payload] of bodies) {
      expectRefused(
        await server.app.inject({ method: method as 'POST', url, headers: adminHeaders, payload }),
        /^body/,
      );
    }
    expect(await rowCounts(server)).toEqual(before);
    // The code was not spent by the refused attempt: the same enrolment with a clean name succeeds.
    const { text } = await enrolmentRequestText(device, { device: 'pc-nul-1', county: '130123', operator: '王芳' });
    const ok = await server.app.inject({
      method: 'POST',
      url: '/v1/enrol',
      payload: { ...enrol, operator: '王芳', request: text },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('still accepts ordinary text: newlines in a request file, Chinese names, spaces in a reason', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/devices/pc-nul-1/revoke',
      headers: adminHeaders,
      payload: { reason: '电脑丢失\n已报告' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().device).toMatchObject({ id: 'pc-nul-1' });
  });
});
