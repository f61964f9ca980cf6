import { describe, expect, it } from 'vitest';
import { signBody, verifyCertificate, type DeviceCertificate } from '../../../server/src/enrol/certificate';
import { hashCode } from '../../../server/src/enrol/codes';
import { createEd25519Signer, generateEd25519KeyPair, type KeyPair } from '../../../server/src/keys/signing';
import { databaseKinds } from '../../support/postgres';
import { adminHeaders, useServer, type ServerHarness } from './harness';

const COUNTY = '130123'; // 正定县
const OTHER_COUNTY = '130104'; // 桥西区

let deviceCounter = 0;
const newDeviceId = (): string => `pc-${process.pid}-${++deviceCounter}`;

async function issueCode(server: ServerHarness, county = COUNTY, hours?: number): Promise<{ code: string; county: string; expiresAt: string }> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/admin/enrol-codes', headers: adminHeaders, payload: { county, hours } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function enrolBody(code: string, keys: KeyPair, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { code, deviceId: newDeviceId(), publicKey: keys.publicKey, alg: keys.alg, operator: '张敏', ...extra };
}

async function enrol(server: ServerHarness, body: Record<string, unknown>) {
  return server.app.inject({ method: 'POST', url: '/v1/enrol', payload: body });
}

async function deviceCount(server: ServerHarness): Promise<number> {
  return (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM devices')).rows[0]!.n;
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
    const res = await server.app.inject({ method: 'POST', url: '/v1/admin/enrol-codes', headers: adminHeaders, payload: { county: '110101' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('county-unknown');
  });

  it('enrols a device: code + public key → a certificate signed by the server key', async () => {
    const { code } = await issueCode(server);
    const keys = generateEd25519KeyPair();
    const body = enrolBody(code.toLowerCase(), keys);
    const res = await enrol(server, body);
    expect(res.statusCode).toBe(201);
    const cert = res.json().certificate as DeviceCertificate;
    expect(cert.body).toMatchObject({ type: 'linkdesk/device-certificate', version: 1, deviceId: body.deviceId, county: COUNTY, publicKey: keys.publicKey, alg: 'Ed25519', operator: '张敏' });

    const serverKeys = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys;
    expect(serverKeys).toHaveLength(1);
    expect(serverKeys[0]).not.toHaveProperty('privateKey');
    expect(verifyCertificate(cert, serverKeys)).toBe(true);
    expect(verifyCertificate({ ...cert, body: { ...cert.body, county: OTHER_COUNTY } }, serverKeys)).toBe(false);

    const devices = (await server.app.inject({ method: 'GET', url: `/v1/admin/devices?county=${COUNTY}`, headers: adminHeaders })).json().devices;
    expect(devices).toContainEqual(expect.objectContaining({ id: body.deviceId, status: 'active', certSerial: cert.body.serial, lastSeq: 0 }));
    const used = await server.pool.query('SELECT used_by FROM enrol_codes WHERE code_hash = $1', [hashCode(code)]);
    expect(used.rows[0].used_by).toBe(body.deviceId);
  });

  it('refuses a reused code (enrol-code-used) and enrols nobody', async () => {
    const { code } = await issueCode(server);
    expect((await enrol(server, enrolBody(code, generateEd25519KeyPair()))).statusCode).toBe(201);
    const before = await deviceCount(server);
    const res = await enrol(server, enrolBody(code, generateEd25519KeyPair()));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'enrol-code-used', message: { zh: expect.stringContaining('只能用一次') } });
    expect(await deviceCount(server)).toBe(before);
  });

  it('refuses an expired code (enrol-code-expired) and enrols nobody', async () => {
    const { code } = await issueCode(server);
    await server.pool.query(`UPDATE enrol_codes SET expires_at = now() - interval '1 minute' WHERE code_hash = $1`, [hashCode(code)]);
    const before = await deviceCount(server);
    const res = await enrol(server, enrolBody(code, generateEd25519KeyPair()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-expired');
    expect(await deviceCount(server)).toBe(before);
  });

  it('refuses an unknown code (enrol-code-unknown)', async () => {
    const res = await enrol(server, enrolBody('AAAA-BBBB-CCCC', generateEd25519KeyPair()));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('enrol-code-unknown');
  });

  it('refuses a code used for another county (county-mismatch) and leaves the code usable', async () => {
    const { code } = await issueCode(server, COUNTY);
    const wrong = await enrol(server, enrolBody(code, generateEd25519KeyPair(), { county: OTHER_COUNTY }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'county-mismatch', codeCounty: COUNTY, requested: OTHER_COUNTY });
    const right = await enrol(server, enrolBody(code, generateEd25519KeyPair(), { county: COUNTY }));
    expect(right.statusCode).toBe(201);
  });

  it('refuses a malformed key or an unknown algorithm without using the code', async () => {
    const { code } = await issueCode(server);
    const badKey = await enrol(server, enrolBody(code, { alg: 'Ed25519', publicKey: 'dG9vLXNob3J0', privateKey: '' }));
    expect([badKey.statusCode, badKey.json().code]).toEqual([400, 'invalid-public-key']);
    const badAlg = await enrol(server, enrolBody(code, { ...generateEd25519KeyPair(), alg: 'RSA' as 'Ed25519' }));
    expect([badAlg.statusCode, badAlg.json().code]).toEqual([400, 'unsupported-alg']);
    const missing = await enrol(server, { code });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'invalid-request']);
    expect((await enrol(server, enrolBody(code, generateEd25519KeyPair()))).statusCode).toBe(201);
  });

  it('refuses to enrol the same device id twice (device-exists)', async () => {
    const first = enrolBody((await issueCode(server)).code, generateEd25519KeyPair());
    expect((await enrol(server, first)).statusCode).toBe(201);
    const again = await enrol(server, { ...enrolBody((await issueCode(server)).code, generateEd25519KeyPair()), deviceId: first.deviceId });
    expect([again.statusCode, again.json().code]).toEqual([409, 'device-exists']);
  });

  it('approves an offline request file signed by the device, and refuses a tampered one', async () => {
    const keys = generateEd25519KeyPair();
    const request = await signBody(createEd25519Signer(keys), {
      type: 'linkdesk/enrol-request',
      version: 1,
      deviceId: newDeviceId(),
      county: COUNTY,
      operator: '李华',
      alg: keys.alg,
      publicKey: keys.publicKey,
      createdAt: new Date().toISOString(),
    });
    const tampered = { ...request, body: { ...request.body, county: OTHER_COUNTY } };
    const refused = await server.app.inject({ method: 'POST', url: '/v1/admin/enrol-requests', headers: adminHeaders, payload: tampered });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'bad-signature']);
    const res = await server.app.inject({ method: 'POST', url: '/v1/admin/enrol-requests', headers: adminHeaders, payload: request });
    expect(res.statusCode).toBe(201);
    expect(res.json().certificate.body).toMatchObject({ deviceId: request.body.deviceId, county: COUNTY, publicKey: keys.publicKey });
  });

  it('rotates a device key when the new key is signed by the current one', async () => {
    const oldKeys = generateEd25519KeyPair();
    const body = enrolBody((await issueCode(server)).code, oldKeys);
    const cert = (await enrol(server, body)).json().certificate as DeviceCertificate;
    const newKeys = generateEd25519KeyPair();
    const rotation = {
      type: 'linkdesk/key-rotation',
      version: 1,
      deviceId: body.deviceId,
      previousSerial: cert.body.serial,
      alg: newKeys.alg,
      publicKey: newKeys.publicKey,
      createdAt: new Date().toISOString(),
    };
    const forged = await signBody(createEd25519Signer(newKeys), rotation);
    const refused = await server.app.inject({ method: 'POST', url: `/v1/devices/${body.deviceId}/rotate`, payload: forged });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'bad-signature']);

    const res = await server.app.inject({ method: 'POST', url: `/v1/devices/${body.deviceId}/rotate`, payload: await signBody(createEd25519Signer(oldKeys), rotation) });
    expect(res.statusCode).toBe(200);
    const next = res.json().certificate as DeviceCertificate;
    expect(next.body).toMatchObject({ deviceId: body.deviceId, county: COUNTY, publicKey: newKeys.publicKey });
    expect(next.body.serial).not.toBe(cert.body.serial);
    const { rows } = await server.pool.query('SELECT public_key, cert_serial FROM devices WHERE id = $1', [body.deviceId]);
    expect(rows[0]).toEqual({ public_key: newKeys.publicKey, cert_serial: next.body.serial });
    const history = await server.pool.query('SELECT via FROM device_certificates WHERE device = $1 ORDER BY issued_at', [body.deviceId]);
    expect(history.rows.map((r) => r.via)).toEqual(['online', 'rotation']);
  });

  it('revokes a device: it stays listed as revoked, cannot rotate, and revoking again changes nothing', async () => {
    const keys = generateEd25519KeyPair();
    const body = enrolBody((await issueCode(server)).code, keys);
    const cert = (await enrol(server, body)).json().certificate as DeviceCertificate;
    const revoke = () => server.app.inject({ method: 'POST', url: `/v1/admin/devices/${body.deviceId}/revoke`, headers: adminHeaders, payload: { reason: 'lost laptop' } });
    const first = await revoke();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ alreadyRevoked: false, device: { id: body.deviceId, status: 'revoked', revokedAt: expect.any(String) } });
    expect((await revoke()).json()).toMatchObject({ alreadyRevoked: true });

    const rotation = await signBody(createEd25519Signer(keys), {
      type: 'linkdesk/key-rotation', version: 1, deviceId: body.deviceId, previousSerial: cert.body.serial,
      alg: 'Ed25519', publicKey: generateEd25519KeyPair().publicKey, createdAt: new Date().toISOString(),
    });
    const res = await server.app.inject({ method: 'POST', url: `/v1/devices/${body.deviceId}/rotate`, payload: rotation });
    expect([res.statusCode, res.json().code]).toEqual([403, 'device-revoked']);
  });

  it('answers device-unknown for revoking a device that never enrolled', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/v1/admin/devices/no-such-device/revoke', headers: adminHeaders });
    expect([res.statusCode, res.json().code]).toEqual([404, 'device-unknown']);
  });
});
