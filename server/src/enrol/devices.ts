// Enrolment (online with a code, offline by request file), revocation and key rotation.
import { randomBytes } from 'node:crypto';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { ServerKeyring } from '../keys/server-key.js';
import type { SignatureAlg } from '../keys/signing.js';
import {
  CERTIFICATE_TYPE,
  ENROL_REQUEST_TYPE,
  ROTATION_TYPE,
  signBody,
  verifyBody,
  type DeviceCertificate,
  type EnrolRequestBody,
  type KeyRotationBody,
  type Signed,
} from './certificate.js';
import { hashCode } from './codes.js';
import { enrolErrors } from './errors.js';
import { asObject, assertCounty, DEVICE_ID, requireKey, requireString } from './validate.js';

export interface DeviceRow {
  id: string;
  county: string;
  operator: string | null;
  alg: SignatureAlg;
  publicKey: string;
  status: 'active' | 'revoked';
  certSerial: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeq: number;
}

interface NewDevice {
  deviceId: string;
  county: string;
  operator: string;
  alg: SignatureAlg;
  publicKey: string;
}

function parseNewDevice(raw: Record<string, unknown>, countyOptional: boolean): Partial<NewDevice> & Omit<NewDevice, 'county'> {
  const deviceId = requireString(raw, 'deviceId', DEVICE_ID);
  const operator = requireString(raw, 'operator', undefined, 64);
  const key = requireKey(raw);
  const county = countyOptional && raw.county === undefined ? undefined : raw.county;
  if (county !== undefined) assertCounty(county);
  return { deviceId, operator, ...key, county: county as string | undefined };
}

async function issueCertificate(client: PoolClient, keyring: ServerKeyring, device: NewDevice, via: 'online' | 'offline' | 'rotation'): Promise<DeviceCertificate> {
  const signer = await keyring.current();
  const cert = await signBody(signer, {
    type: CERTIFICATE_TYPE,
    version: 1,
    serial: randomBytes(16).toString('hex'),
    deviceId: device.deviceId,
    county: device.county,
    operator: device.operator,
    alg: device.alg,
    publicKey: device.publicKey,
    issuedAt: new Date().toISOString(),
    issuerKeyId: signer.keyId,
    issuerAlg: signer.alg,
  } as const);
  if (via !== 'rotation') {
    const inserted = await client.query(
      `INSERT INTO devices (id, county, public_key, alg, operator, cert_serial) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [device.deviceId, device.county, device.publicKey, device.alg, device.operator, cert.body.serial],
    );
    if (!inserted.rowCount) throw enrolErrors.deviceExists(device.deviceId);
  }
  await client.query(
    `INSERT INTO device_certificates (serial, device, county, public_key, alg, issuer_key, via, certificate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [cert.body.serial, device.deviceId, device.county, device.publicKey, device.alg, signer.keyId, via, JSON.stringify(cert)],
  );
  return cert;
}

/** POST /v1/enrol: a one-time code bound to a county, plus the device's public key → a device certificate. */
export async function enrolWithCode(pool: Pool, keyring: ServerKeyring, input: unknown): Promise<DeviceCertificate> {
  const raw = asObject(input, 'the enrolment');
  const code = requireString(raw, 'code', /^[A-Za-z0-9\s-]{4,40}$/);
  const device = parseNewDevice(raw, true);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ county: string; expires_at: Date; used_at: Date | null; expired: boolean }>(
      `SELECT county, expires_at, used_at, expires_at <= now() AS expired FROM enrol_codes WHERE code_hash = $1 FOR UPDATE`,
      [hashCode(code)],
    );
    const row = rows[0];
    if (!row) throw enrolErrors.codeUnknown();
    if (row.used_at) throw enrolErrors.codeUsed();
    if (row.expired) throw enrolErrors.codeExpired(row.expires_at.toISOString());
    if (device.county !== undefined && device.county !== row.county) throw enrolErrors.countyMismatch(row.county, device.county);
    const cert = await issueCertificate(client, keyring, { ...device, county: row.county }, 'online');
    await client.query(`UPDATE enrol_codes SET used_at = now(), used_by = $2 WHERE code_hash = $1`, [hashCode(code), device.deviceId]);
    return cert;
  });
}

/** Offline: the admin approves a request file written (and self-signed) by the device. */
export async function approveEnrolRequest(pool: Pool, keyring: ServerKeyring, input: unknown): Promise<DeviceCertificate> {
  const signed = asObject(input, 'the request file') as unknown as Signed<EnrolRequestBody>;
  const body = asObject(signed.body, 'the request body');
  if (body.type !== ENROL_REQUEST_TYPE || body.version !== 1) throw enrolErrors.requestInvalid('not a LinkDesk enrolment request (version 1)');
  const device = parseNewDevice(body, false) as NewDevice;
  if (!verifyBody(signed, device.alg, device.publicKey)) throw enrolErrors.badSignature();
  return withTransaction(pool, (client) => issueCertificate(client, keyring, device, 'offline'));
}

/** POST /v1/devices/:id/rotate: a new key, signed by the current one; the old certificate stops being current. */
export async function rotateDeviceKey(pool: Pool, keyring: ServerKeyring, deviceId: string, input: unknown): Promise<DeviceCertificate> {
  const signed = asObject(input, 'the rotation') as unknown as Signed<KeyRotationBody>;
  const body = asObject(signed.body, 'the rotation body');
  if (body.type !== ROTATION_TYPE || body.version !== 1 || body.deviceId !== deviceId) {
    throw enrolErrors.requestInvalid('not a LinkDesk key rotation (version 1) for this device');
  }
  const next = requireKey(body);
  return withTransaction(pool, async (client) => {
    const device = await lockDevice(client, deviceId);
    if (device.status === 'revoked') throw enrolErrors.deviceRevoked(deviceId);
    if (body.previousSerial !== device.certSerial) throw enrolErrors.requestInvalid('previousSerial is not the current certificate');
    if (!verifyBody(signed, device.alg, device.publicKey)) throw enrolErrors.badSignature();
    const cert = await issueCertificate(client, keyring, { deviceId, county: device.county, operator: device.operator ?? '', ...next }, 'rotation');
    await client.query(`UPDATE devices SET public_key = $2, alg = $3, cert_serial = $4 WHERE id = $1`, [deviceId, next.publicKey, next.alg, cert.body.serial]);
    return cert;
  });
}

export interface RevokeResult {
  device: DeviceRow;
  alreadyRevoked: boolean;
}

/** Revoked devices' later packages are refused; their earlier accepted data stays. */
export async function revokeDevice(pool: Pool, deviceId: string, reason: string | null = null): Promise<RevokeResult> {
  return withTransaction(pool, async (client) => {
    const device = await lockDevice(client, deviceId);
    if (device.status === 'revoked') return { device, alreadyRevoked: true };
    await client.query(`UPDATE devices SET status = 'revoked', revoked_at = now(), revoke_reason = $2 WHERE id = $1`, [deviceId, reason]);
    return { device: await lockDevice(client, deviceId), alreadyRevoked: false };
  });
}

const DEVICE_COLUMNS = `id, county, operator, alg, public_key, status, cert_serial, enrolled_at, revoked_at, last_seq`;

interface DeviceDbRow {
  id: string;
  county: string;
  operator: string | null;
  alg: SignatureAlg;
  public_key: string;
  status: 'active' | 'revoked';
  cert_serial: string;
  enrolled_at: Date;
  revoked_at: Date | null;
  last_seq: number;
}

function toDevice(r: DeviceDbRow): DeviceRow {
  return {
    id: r.id,
    county: r.county,
    operator: r.operator,
    alg: r.alg,
    publicKey: r.public_key,
    status: r.status,
    certSerial: r.cert_serial,
    enrolledAt: r.enrolled_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastSeq: r.last_seq,
  };
}

async function lockDevice(client: PoolClient, deviceId: string): Promise<DeviceRow> {
  const { rows } = await client.query<DeviceDbRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1 FOR UPDATE`, [deviceId]);
  if (!rows[0]) throw enrolErrors.deviceUnknown(deviceId);
  return toDevice(rows[0]);
}

export async function listDevices(pool: Pool, county?: string): Promise<DeviceRow[]> {
  const { rows } = await pool.query<DeviceDbRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE ($1::text IS NULL OR county = $1) ORDER BY county, enrolled_at`,
    [county ?? null],
  );
  return rows.map(toDevice);
}
