// An enrolment code grants an office level, a scope and a signature algorithm; the certificate carries the level and
// scope, and the server's authority on ingest comes from them (not from anything the device says).
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { scopeOfCertificate } from '@shared/domain/scope';
import { decodeDeviceCert } from '@shared/package';
import { utf8Encode } from '@shared/crypto';
import { databaseKinds } from '../../support/postgres';
import { op, pack, post } from './devices';
import { adminHeaders, enrolmentRequestText, newDeviceKeys, useServer, type ServerHarness } from './harness';

async function code(server: ServerHarness, payload: Record<string, unknown>) {
  return server.app.inject({ method: 'POST', url: '/v1/admin/enrol-codes', headers: adminHeaders, payload });
}

async function enrol(
  server: ServerHarness,
  codeText: string,
  deviceId: string,
  alg: 'Ed25519' | 'SM2-SM3' = 'Ed25519',
) {
  const keys = await newDeviceKeys(alg);
  // The signed request names the province ('13'): the code decides the county, level and scope.
  const { text } = await enrolmentRequestText(keys, { device: deviceId, county: '13', operator: '赵磊' });
  const res = await server.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: codeText, request: text } });
  return { res, keys };
}

describe.each(databaseKinds())('enrolment grants on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  it('a code for a city office gives a certificate with that level and scope, and the device row holds them', async () => {
    const issued = await code(server, { level: 'city', scope: '130100' });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ level: 'city', scope: '130100', alg: 'Ed25519', county: '130100' });
    const { res } = await enrol(server, issued.json().code, `grant-city-${kind}`);
    expect(res.statusCode, res.body).toBe(201);
    const key = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys[0].publicKey;
    const decoded = await decodeDeviceCert(utf8Encode(res.json().certificate), { publicKey: key });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.cert.body).toMatchObject({ level: 'city', scope: '130100', county: '130100' });
    expect(scopeOfCertificate(decoded.cert.body)).toEqual({ level: 'city', code: '130100' });
    const row = (await server.pool.query('SELECT level, scope FROM devices WHERE id = $1', [`grant-city-${kind}`]))
      .rows[0];
    expect(row).toEqual({ level: 'city', scope: '130100' });
  });

  it('a city device writes records of its counties; a county outside its city is out of scope', async () => {
    const issued = await code(server, { level: 'city', scope: '130100' });
    const id = `grant-city-writer-${kind}`;
    const { res, keys } = await enrol(server, issued.json().code, id);
    expect(res.statusCode).toBe(201);
    const device = { ...keys, id, node: Buffer.from('citywrit').toString('hex'), tick: 0 };
    const mine = await pack(
      device,
      1,
      null,
      [op(device, uuidv7(), 'name', '正定县某企业', { county: '130123' })],
      keys.signer,
      '130100',
    );
    const ok = await post(server, mine.bytes);
    expect(ok.statusCode, ok.body).toBe(200);
    const foreign = await pack(
      device,
      2,
      mine.digest,
      [op(device, uuidv7(), 'name', '外市企业', { county: '130628' })],
      keys.signer,
      '130100',
    );
    const refused = await post(server, foreign.bytes);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'county-scope' });
  });

  it('a code for SM2-SM3 refuses an Ed25519 key (alg-not-allowed, naming the algorithm) and certifies an SM2 key', async () => {
    const issued = await code(server, { county: '130628', alg: 'SM2-SM3' });
    expect(issued.json()).toMatchObject({ level: 'county', scope: '130628', alg: 'SM2-SM3' });
    const wrong = await enrol(server, issued.json().code, `grant-sm2-${kind}`, 'Ed25519');
    expect(wrong.res.statusCode).toBe(400);
    expect(wrong.res.json()).toMatchObject({ code: 'alg-not-allowed', required: 'SM2-SM3', given: 'Ed25519' });
    // The code is not used up by the refusal: the device makes an SM2 key and enrols with the same code.
    const right = await enrol(server, issued.json().code, `grant-sm2-${kind}`, 'SM2-SM3');
    expect(right.res.statusCode, right.res.body).toBe(201);
    expect((await server.pool.query('SELECT alg FROM devices WHERE id = $1', [`grant-sm2-${kind}`])).rows[0]).toEqual({
      alg: 'SM2-SM3',
    });
  });

  it('the offline approval certifies the level and scope the province gives, not the county the request names', async () => {
    const keys = await newDeviceKeys();
    const deviceId = `grant-offline-city-${kind}`;
    const { text } = await enrolmentRequestText(keys, { device: deviceId, county: '130104' });
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-requests',
      headers: adminHeaders,
      payload: { request: text, level: 'city', scope: '130100' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ deviceId, level: 'city', scope: '130100', county: '130100' });
    expect(JSON.parse(res.json().certificate).body).toMatchObject({ level: 'city', scope: '130100' });
  });

  it('refuses a scope that is not of the level (scope-invalid) and an unknown level', async () => {
    expect((await code(server, { level: 'city', scope: '130628' })).json()).toMatchObject({ code: 'scope-invalid' });
    expect((await code(server, { level: 'province', scope: '130000' })).statusCode).toBe(201);
    expect((await code(server, { level: 'mayor', scope: '130100' })).json()).toMatchObject({ code: 'scope-invalid' });
  });
});
