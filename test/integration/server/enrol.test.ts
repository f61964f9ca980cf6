import { describe, expect, it } from 'vitest';
import { toBase64url, utf8Encode } from '@shared/crypto';
import { decodeDeviceCert } from '@shared/package';
import { hashCode } from '../../../server/src/enrol/codes';
import { databaseKinds } from '../../support/postgres';
import {
  adminHeaders,
  enrolmentRequestText,
  newDeviceKeys,
  useServer,
  type ServerHarness,
  type TestDevice,
} from './harness';

const COUNTY = '130123'; // 正定县
const OTHER_COUNTY = '130104'; // 桥西区

let deviceCounter = 0;
const newDeviceId = (): string => `pc-${process.pid}-${++deviceCounter}`;

async function issueCode(
  server: ServerHarness,
  county = COUNTY,
  hours?: number,
): Promise<{ code: string; county: string; expiresAt: string }> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county, hours },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function enrolBody(code: string, device: TestDevice, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code,
    deviceId: newDeviceId(),
    publicKey: device.pair.publicKey,
    alg: device.pair.alg,
    operator: '张敏',
    ...extra,
  };
}

const enrol = (server: ServerHarness, body: Record<string, unknown>) =>
  server.app.inject({ method: 'POST', url: '/v1/enrol', payload: body });

async function deviceCount(server: ServerHarness): Promise<number> {
  return (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM devices')).rows[0]!.n;
}

async function serverKey(server: ServerHarness): Promise<string> {
  const keys = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys as {
    publicKey: string;
    current: boolean;
  }[];
  return keys.find((k) => k.current)!.publicKey;
}

describe.each(databaseKinds())('enrolment on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  it('issues a one-time code bound to a county and stores only its hash', async () => {
    const issued = await issueCode(server, COUNTY, 24);
    expect(issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(issued.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    const { rows } = await server.pool.query('SELECT code_hash, county FROM enrol_codes WHERE county = $1', [COUNTY]);
    expect(rows).toContainEqual({ code_hash: hashCode(issued.code), county: COUNTY });
    expect(JSON.stringify(rows)).not.toContain(issued.code);
  });

  it('refuses a code for something that is not a Hebei county', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county: '110101' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('county-unknown');
  });

  it('enrols a device: code + public key → a linkdesk.device-cert signed by the server key', async () => {
    const { code } = await issueCode(server);
    const device = await newDeviceKeys();
    const body = enrolBody(code.toLowerCase(), device);
    const res = await enrol(server, body);
    expect(res.statusCode).toBe(201);
    const issued = res.json();
    expect(issued).toMatchObject({
      deviceId: body.deviceId,
      county: COUNTY,
      serial: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    const keys = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys;
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toMatch(/private/i);
    const decoded = await decodeDeviceCert(utf8Encode(issued.certificate), {
      publicKey: await serverKey(server),
      now: new Date(),
    });
    expect(decoded.ok && decoded.cert.body).toMatchObject({
      device: body.deviceId,
      county: COUNTY,
      publicKey: device.pair.publicKey,
      alg: 'Ed25519',
      serial: issued.serial,
    });
    const forged = await decodeDeviceCert(utf8Encode(issued.certificate.replace(COUNTY, OTHER_COUNTY)), {
      publicKey: await serverKey(server),
    });
    expect(forged.ok).toBe(false);

    const devices = (
      await server.app.inject({ method: 'GET', url: `/v1/admin/devices?county=${COUNTY}`, headers: adminHeaders })
    ).json().devices;
    expect(devices).toContainEqual(
      expect.objectContaining({
        id: body.deviceId,
        status: 'active',
        certSerial: issued.serial,
        operator: '张敏',
        lastSeq: 0,
      }),
    );
    const used = await server.pool.query('SELECT used_by FROM enrol_codes WHERE code_hash = $1', [hashCode(code)]);
    expect(used.rows[0].used_by).toBe(body.deviceId);
  });

  it('refuses a reused code (enrol-code-used) and enrols nobody', async () => {
    const { code } = await issueCode(server);
    expect((await enrol(server, enrolBody(code, await newDeviceKeys()))).statusCode).toBe(201);
    const before = await deviceCount(server);
    const res = await enrol(server, enrolBody(code, await newDeviceKeys()));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'enrol-code-used',
      message: { zh: expect.stringContaining('只能用一次') },
    });
    expect(await deviceCount(server)).toBe(before);
  });

  it('refuses an expired code (enrol-code-expired) and enrols nobody', async () => {
    const { code } = await issueCode(server);
    await server.pool.query(`UPDATE enrol_codes SET expires_at = now() - interval '1 minute' WHERE code_hash = $1`, [
      hashCode(code),
    ]);
    const before = await deviceCount(server);
    const res = await enrol(server, enrolBody(code, await newDeviceKeys()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-expired');
    expect(await deviceCount(server)).toBe(before);
  });

  it('refuses an unknown code (enrol-code-unknown)', async () => {
    const res = await enrol(server, enrolBody('AAAA-BBBB-CCCC', await newDeviceKeys()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-unknown');
  });

  it('refuses a code used for another county (county-mismatch) and leaves the code usable', async () => {
    const { code } = await issueCode(server, COUNTY);
    const wrong = await enrol(server, enrolBody(code, await newDeviceKeys(), { county: OTHER_COUNTY }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'county-mismatch', codeCounty: COUNTY, requested: OTHER_COUNTY });
    const right = await enrol(server, enrolBody(code, await newDeviceKeys(), { county: COUNTY }));
    expect(right.statusCode).toBe(201);
  });

  it('refuses a malformed key or an unknown algorithm without using the code', async () => {
    const { code } = await issueCode(server);
    const device = await newDeviceKeys();
    const badKey = await enrol(server, { ...enrolBody(code, device), publicKey: 'dG9vLXNob3J0' });
    expect([badKey.statusCode, badKey.json().code]).toEqual([400, 'invalid-public-key']);
    const badAlg = await enrol(server, { ...enrolBody(code, device), alg: 'RSA' });
    expect([badAlg.statusCode, badAlg.json().code]).toEqual([400, 'unsupported-alg']);
    const missing = await enrol(server, { code });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'invalid-request']);
    expect((await enrol(server, enrolBody(code, device))).statusCode).toBe(201);
  });

  it('enrols an SM2-SM3 device key with a code the province issued for SM2-SM3', async () => {
    const device = await newDeviceKeys('SM2-SM3');
    const sm2 = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county: COUNTY, alg: 'SM2-SM3' },
    });
    const res = await enrol(server, enrolBody(sm2.json().code, device));
    expect(res.statusCode).toBe(201);
    const decoded = await decodeDeviceCert(utf8Encode(res.json().certificate), { publicKey: await serverKey(server) });
    expect(decoded.ok && decoded.cert.body.alg).toBe('SM2-SM3');
  });

  it('refuses to enrol the same device id twice (device-exists)', async () => {
    const first = enrolBody((await issueCode(server)).code, await newDeviceKeys());
    expect((await enrol(server, first)).statusCode).toBe(201);
    const again = await enrol(server, {
      ...enrolBody((await issueCode(server)).code, await newDeviceKeys()),
      deviceId: first.deviceId,
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'device-exists']);
  });

  it('approves an offline enrolment request file, and refuses a tampered one with the format reason', async () => {
    const device = await newDeviceKeys();
    const deviceId = newDeviceId();
    const { text } = await enrolmentRequestText(device, { device: deviceId, county: COUNTY });
    const approve = (request: string) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/admin/enrol-requests',
        headers: adminHeaders,
        payload: { request },
      });
    const refused = await approve(text.replace(COUNTY, OTHER_COUNTY));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'file-refused',
      reason: 'DIGEST_MISMATCH',
      message: { zh: expect.stringContaining('篡改') },
    });
    const res = await approve(text);
    expect(res.statusCode).toBe(201);
    const decoded = await decodeDeviceCert(utf8Encode(res.json().certificate), { publicKey: await serverKey(server) });
    expect(decoded.ok && decoded.cert.body).toMatchObject({
      device: deviceId,
      county: COUNTY,
      publicKey: device.pair.publicKey,
    });
  });

  it('rotates a device key: a request for the new key, endorsed by the current key', async () => {
    const oldKey = await newDeviceKeys();
    const body = enrolBody((await issueCode(server)).code, oldKey);
    const first = (await enrol(server, body)).json();
    const newKey = await newDeviceKeys();
    const request = await enrolmentRequestText(newKey, { device: body.deviceId as string, county: COUNTY });
    const rotate = (endorsement: string) =>
      server.app.inject({
        method: 'POST',
        url: `/v1/devices/${body.deviceId}/rotate`,
        payload: { request: request.text, endorsement },
      });

    const byNewKey = toBase64url(await newKey.signer.sign(Buffer.from(request.digest, 'hex')));
    const refused = await rotate(byNewKey);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'bad-signature']);

    const res = await rotate(toBase64url(await oldKey.signer.sign(Buffer.from(request.digest, 'hex'))));
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next.serial).not.toBe(first.serial);
    const decoded = await decodeDeviceCert(utf8Encode(next.certificate), { publicKey: await serverKey(server) });
    expect(decoded.ok && decoded.cert.body).toMatchObject({
      device: body.deviceId,
      county: COUNTY,
      publicKey: newKey.pair.publicKey,
    });
    const { rows } = await server.pool.query('SELECT public_key, cert_serial FROM devices WHERE id = $1', [
      body.deviceId,
    ]);
    expect(rows[0]).toEqual({ public_key: newKey.pair.publicKey, cert_serial: next.serial });
    const history = await server.pool.query(
      'SELECT via FROM device_certificates WHERE device = $1 ORDER BY issued_at',
      [body.deviceId],
    );
    expect(history.rows.map((r) => r.via)).toEqual(['online', 'rotation']);
  });

  it('revokes a device: it stays listed as revoked, cannot rotate, and revoking again changes nothing', async () => {
    const key = await newDeviceKeys();
    const body = enrolBody((await issueCode(server)).code, key);
    expect((await enrol(server, body)).statusCode).toBe(201);
    const revoke = () =>
      server.app.inject({
        method: 'POST',
        url: `/v1/admin/devices/${body.deviceId}/revoke`,
        headers: adminHeaders,
        payload: { reason: 'lost laptop' },
      });
    const first = await revoke();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      alreadyRevoked: false,
      device: { id: body.deviceId, status: 'revoked', revokedAt: expect.any(String) },
    });
    expect((await revoke()).json()).toMatchObject({ alreadyRevoked: true });

    const newKey = await newDeviceKeys();
    const request = await enrolmentRequestText(newKey, { device: body.deviceId as string, county: COUNTY });
    const endorsement = toBase64url(await key.signer.sign(Buffer.from(request.digest, 'hex')));
    const res = await server.app.inject({
      method: 'POST',
      url: `/v1/devices/${body.deviceId}/rotate`,
      payload: { request: request.text, endorsement },
    });
    expect([res.statusCode, res.json().code]).toEqual([403, 'device-revoked']);
  });

  it('answers device-unknown for revoking a device that never enrolled', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/devices/no-such-device/revoke',
      headers: adminHeaders,
    });
    expect([res.statusCode, res.json().code]).toEqual([404, 'device-unknown']);
  });
});
