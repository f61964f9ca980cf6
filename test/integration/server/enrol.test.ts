import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { createSigner, keyIdFor, toBase64url, utf8DecodeStrict, utf8Encode, type Signer } from '@shared/crypto';
import { decodeDeviceCert, ENROLMENT_FORMAT, sealDocument, type EnrolmentHeader } from '@shared/package';
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

/** What a client sends: the code, the self-signed enrolment request (its file text) and the flat fields it repeats. */
async function enrolBody(
  code: string,
  device: TestDevice,
  options: { county?: string; deviceId?: string } = {},
): Promise<Record<string, unknown>> {
  const deviceId = options.deviceId ?? newDeviceId();
  const { text } = await enrolmentRequestText(device, {
    device: deviceId,
    county: options.county ?? COUNTY,
    operator: '张敏',
  });
  return { code, deviceId, publicKey: device.pair.publicKey, alg: device.pair.alg, operator: '张敏', request: text };
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
    const body = await enrolBody(code.toLowerCase(), device);
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
    expect((await enrol(server, await enrolBody(code, await newDeviceKeys()))).statusCode).toBe(201);
    const before = await deviceCount(server);
    const res = await enrol(server, await enrolBody(code, await newDeviceKeys()));
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
    const res = await enrol(server, await enrolBody(code, await newDeviceKeys()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-expired');
    expect(await deviceCount(server)).toBe(before);
  });

  it('refuses an unknown code (enrol-code-unknown)', async () => {
    const res = await enrol(server, await enrolBody('AAAA-BBBB-CCCC', await newDeviceKeys()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-unknown');
  });

  it('refuses a code used for another county (county-mismatch) and leaves the code usable', async () => {
    const { code } = await issueCode(server, COUNTY);
    const wrong = await enrol(server, await enrolBody(code, await newDeviceKeys(), { county: OTHER_COUNTY }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'county-mismatch', codeCounty: COUNTY, requested: OTHER_COUNTY });
    const right = await enrol(server, await enrolBody(code, await newDeviceKeys(), { county: COUNTY }));
    expect(right.statusCode).toBe(201);
  });

  it('certifies exactly the key and device of the signed request (proof of possession)', async () => {
    const a = await newDeviceKeys();
    const b = await newDeviceKeys();
    const { code } = await issueCode(server);
    const x = await enrolBody(code, a);
    const before = await deviceCount(server);
    // Request for key A and device X, flat fields for key B and device Y: refused, nothing issued, the code unused.
    for (const [field, value] of [
      ['publicKey', b.pair.publicKey],
      ['deviceId', newDeviceId()],
      ['alg', 'SM2-SM3'],
      ['operator', '别人'],
      ['county', OTHER_COUNTY],
    ]) {
      const res = await enrol(server, { ...x, [field as string]: value });
      expect([res.statusCode, res.json().code, res.json().field], field).toEqual([
        400,
        'enrol-request-mismatch',
        field,
      ]);
    }
    expect(await deviceCount(server)).toBe(before);
    // The request alone is enough; what is certified is the request's key and device.
    const res = await enrol(server, { code, request: x.request });
    expect(res.statusCode, res.body).toBe(201);
    const decoded = await decodeDeviceCert(utf8Encode(res.json().certificate), { publicKey: await serverKey(server) });
    expect(decoded.ok && decoded.cert.body).toMatchObject({ device: x.deviceId, publicKey: a.pair.publicKey });
  });

  it('accepts the request as the parsed document too, and certifies the code county for a request naming 13', async () => {
    const a = await newDeviceKeys();
    const deviceId = newDeviceId();
    const { text } = await enrolmentRequestText(a, { device: deviceId, county: '13' });
    const res = await enrol(server, { code: (await issueCode(server)).code, request: JSON.parse(text) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ deviceId, county: COUNTY });
  });

  it('refuses no request, a broken self-signature, a request signed by another key and an SM2 key off the curve', async () => {
    const { code } = await issueCode(server);
    const a = await newDeviceKeys();
    const other = await newDeviceKeys();
    const body = {
      requestId: uuidv7(),
      device: newDeviceId(),
      county: COUNTY,
      alg: a.pair.alg,
      publicKey: a.pair.publicKey,
      operator: '张敏',
      createdAt: new Date().toISOString(),
    };
    const fields = { format: ENROLMENT_FORMAT as typeof ENROLMENT_FORMAT, version: 1 as const };
    const text = async (b: typeof body, signer: Signer) =>
      utf8DecodeStrict((await sealDocument<EnrolmentHeader, typeof body>(fields, b, signer)).bytes);

    const none = await enrol(server, { code, deviceId: body.device, alg: a.pair.alg, publicKey: a.pair.publicKey });
    expect([none.statusCode, none.json().code]).toEqual([400, 'enrol-request-missing']);

    // Signed by another private key under A's key id: the self-signature does not verify.
    const forged = await enrol(server, {
      code,
      request: await text(body, await createSigner(other.pair, a.signer.keyId)),
    });
    expect([forged.statusCode, forged.json().code, forged.json().reason]).toEqual([
      400,
      'file-refused',
      'BAD_SIGNATURE',
    ]);

    // Signed by another key under its own id: the request is not signed by the key it enrols.
    const foreign = await enrol(server, { code, request: await text(body, other.signer) });
    expect([foreign.statusCode, foreign.json().reason]).toEqual([400, 'KEY_MISMATCH']);

    // 04‖01…01 is 65 bytes of the right form, but no point of the SM2 curve.
    const offCurve = toBase64url(new Uint8Array([4, ...new Array(64).fill(1)]));
    const sm2 = await newDeviceKeys('SM2-SM3');
    const bad = { ...body, alg: 'SM2-SM3' as const, publicKey: offCurve };
    const offCurveRes = await enrol(server, {
      code,
      request: await text(bad, await createSigner(sm2.pair, keyIdFor('SM2-SM3', offCurve))),
    });
    expect([offCurveRes.statusCode, offCurveRes.json().reason]).toEqual([400, 'MALFORMED']);
    expect(offCurveRes.json().detail).toContain('not a point on the SM2 curve');

    // None of that used the code.
    expect((await enrol(server, { code, request: await text(body, a.signer) })).statusCode).toBe(201);
  });

  it('enrols an SM2-SM3 device key as well', async () => {
    const device = await newDeviceKeys('SM2-SM3');
    const res = await enrol(server, await enrolBody((await issueCode(server)).code, device));
    expect(res.statusCode).toBe(201);
    const decoded = await decodeDeviceCert(utf8Encode(res.json().certificate), { publicKey: await serverKey(server) });
    expect(decoded.ok && decoded.cert.body.alg).toBe('SM2-SM3');
  });

  it('refuses to enrol the same device id twice (device-exists)', async () => {
    const first = await enrolBody((await issueCode(server)).code, await newDeviceKeys());
    expect((await enrol(server, first)).statusCode).toBe(201);
    const again = await enrol(
      server,
      await enrolBody((await issueCode(server)).code, await newDeviceKeys(), { deviceId: first.deviceId as string }),
    );
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
    const body = await enrolBody((await issueCode(server)).code, oldKey);
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
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'bad-signature']);

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
    const body = await enrolBody((await issueCode(server)).code, key);
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
