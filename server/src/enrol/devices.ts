// Enrolment (online with a code, offline by request file), revocation and key rotation.
// Certificates and requests are the shared signed formats of shared/src/package (device-cert, enrolment-request).
import { randomBytes } from 'node:crypto';
import {
  canonicalBytes,
  fromBase64url,
  fromHex,
  softwareVerifier,
  utf8DecodeStrict,
  utf8Encode,
  type SignatureAlg,
} from '@shared/crypto';
import { decodeEnrolmentRequest, sealDeviceCert, type EnrolmentBody } from '@shared/package';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { ServerKeyring } from '../keys/server-key.js';
import { hashCode } from './codes.js';
import { enrolErrors } from './errors.js';
import { asObject, assertCounty, DEVICE_ID, requireString } from './validate.js';

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

/** What a device receives: the certificate file (canonical JSON text, `linkdesk.device-cert` v1) and its key facts. */
export interface IssuedCertificate {
  deviceId: string;
  county: string;
  serial: string;
  notAfter: string;
  /** The certificate file's exact text; write it to disk as is, or decode it with decodeDeviceCert. */
  certificate: string;
}

interface NewDevice {
  deviceId: string;
  county: string;
  operator: string;
  alg: SignatureAlg;
  publicKey: string;
}

/** Certificates are valid from a day before issue (PC clocks run slow) for five years. */
const CLOCK_TOLERANCE_MS = 24 * 3600_000;
const CERT_VALIDITY_MS = 5 * 365 * 24 * 3600_000;

async function issueCertificate(
  client: PoolClient,
  keyring: ServerKeyring,
  device: NewDevice,
  via: 'online' | 'offline' | 'rotation',
): Promise<IssuedCertificate> {
  const signer = await keyring.current();
  const now = Date.now();
  const sealed = await sealDeviceCert(
    {
      serial: randomBytes(16).toString('hex'),
      device: device.deviceId,
      county: device.county,
      alg: device.alg,
      publicKey: device.publicKey,
      notBefore: new Date(now - CLOCK_TOLERANCE_MS).toISOString(),
      notAfter: new Date(now + CERT_VALIDITY_MS).toISOString(),
    },
    signer,
  );
  const serial = sealed.body.serial;
  if (via !== 'rotation') {
    const inserted = await client.query(
      `INSERT INTO devices (id, county, public_key, alg, operator, cert_serial) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [device.deviceId, device.county, device.publicKey, device.alg, device.operator, serial],
    );
    if (!inserted.rowCount) throw enrolErrors.deviceExists(device.deviceId);
  }
  const text = utf8DecodeStrict(sealed.bytes);
  // The file is canonical JSON, so the stored jsonb re-canonicalises to exactly these bytes.
  await client.query(
    `INSERT INTO device_certificates (serial, device, county, public_key, alg, issuer_key, via, certificate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [serial, device.deviceId, device.county, device.publicKey, device.alg, signer.keyId, via, text],
  );
  return {
    deviceId: device.deviceId,
    county: device.county,
    serial,
    notAfter: sealed.body.notAfter,
    certificate: text,
  };
}

/**
 * The county an online request may name when the device does not know its own yet (the app's online form asks only
 * for the code): the province's code `13`. The certificate always carries the code's county.
 */
export const COUNTY_FROM_CODE = '13';

/** The flat fields an online enrolment may repeat next to the signed request, and the request member each must equal. */
const FLAT_FIELDS = { deviceId: 'device', alg: 'alg', publicKey: 'publicKey', operator: 'operator' } as const;

/**
 * POST /v1/enrol: a one-time code bound to a county, plus the device's self-signed enrolment request → a device
 * certificate for exactly the key and device of that request (proof of possession). Flat fields are optional and, when
 * sent, must agree with the request; they are never what gets certified.
 */
export async function enrolWithCode(pool: Pool, keyring: ServerKeyring, input: unknown): Promise<IssuedCertificate> {
  const raw = asObject(input, 'the enrolment');
  const code = requireString(raw, 'code', /^[A-Za-z0-9\s-]{4,40}$/);
  const request = await openRequest(onlineRequestBytes(raw.request), { countyFromCode: true });
  for (const [flat, member] of Object.entries(FLAT_FIELDS)) {
    if (raw[flat] !== undefined && raw[flat] !== request[member]) throw enrolErrors.requestMismatch(flat);
  }
  if (raw.county !== undefined && raw.county !== request.county) throw enrolErrors.requestMismatch('county');
  const requestedCounty = request.county === COUNTY_FROM_CODE ? undefined : request.county;
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ county: string; expires_at: Date; used_at: Date | null; expired: boolean }>(
      `SELECT county, expires_at, used_at, expires_at <= now() AS expired FROM enrol_codes WHERE code_hash = $1 FOR UPDATE`,
      [hashCode(code)],
    );
    const row = rows[0];
    if (!row) throw enrolErrors.codeUnknown();
    if (row.used_at) throw enrolErrors.codeUsed();
    if (row.expired) throw enrolErrors.codeExpired(row.expires_at.toISOString());
    if (requestedCounty !== undefined && requestedCounty !== row.county)
      throw enrolErrors.countyMismatch(row.county, requestedCounty);
    const device: NewDevice = {
      deviceId: request.device,
      operator: request.operator,
      alg: request.alg,
      publicKey: request.publicKey,
      county: row.county,
    };
    const cert = await issueCertificate(client, keyring, device, 'online');
    await client.query(`UPDATE enrol_codes SET used_at = now(), used_by = $2 WHERE code_hash = $1`, [
      hashCode(code),
      request.device,
    ]);
    return cert;
  });
}

/**
 * The online request: the request file's text (exact bytes), or — as older clients send it — the parsed document,
 * whose canonical form is the one the device signed (a JSON value has exactly one), so the signature still decides.
 */
function onlineRequestBytes(value: unknown): Uint8Array {
  if (value === undefined || value === null) throw enrolErrors.requestMissing();
  if (typeof value === 'string') return utf8Encode(value);
  if (typeof value !== 'object' || Array.isArray(value))
    throw enrolErrors.requestInvalid('"request" must be the enrolment request file (text or document)');
  try {
    return canonicalBytes(value);
  } catch (e) {
    throw enrolErrors.requestInvalid(e instanceof Error ? e.message : 'not a JSON document');
  }
}

async function openRequest(
  file: string | Uint8Array,
  options: { countyFromCode?: boolean } = {},
): Promise<EnrolmentBody & { digest: string }> {
  const bytes = typeof file === 'string' ? utf8Encode(file) : file;
  const decoded = await decodeEnrolmentRequest(bytes);
  if (!decoded.ok) throw enrolErrors.fileRefused(decoded);
  const body = decoded.request.body;
  if (!DEVICE_ID.test(body.device))
    throw enrolErrors.requestInvalid('the device id must be 3–64 letters, digits, dots, dashes or underscores');
  if (body.operator.length > 64) throw enrolErrors.requestInvalid('the operator name must have at most 64 characters');
  if (!(options.countyFromCode && body.county === COUNTY_FROM_CODE)) assertCounty(body.county);
  return { ...body, digest: decoded.digest };
}

/** Offline: the admin approves a request file (`linkdesk.enrolment-request`, self-signed by the device key). */
export async function approveEnrolRequest(
  pool: Pool,
  keyring: ServerKeyring,
  file: string | Uint8Array,
): Promise<IssuedCertificate> {
  const body = await openRequest(file);
  const device: NewDevice = {
    deviceId: body.device,
    county: body.county,
    operator: body.operator,
    alg: body.alg,
    publicKey: body.publicKey,
  };
  return withTransaction(pool, (client) => issueCertificate(client, keyring, device, 'offline'));
}

/**
 * POST /v1/devices/:id/rotate with { request, endorsement }: `request` is an enrolment request for the NEW key
 * (self-signed: proves the device holds it); `endorsement` is the base64url signature by the CURRENT key over the
 * request's digest bytes (proves it is the same device). The old certificate stops being current.
 */
export async function rotateDeviceKey(
  pool: Pool,
  keyring: ServerKeyring,
  deviceId: string,
  input: unknown,
): Promise<IssuedCertificate> {
  const raw = asObject(input, 'the rotation');
  const request = await openRequest(requireString(raw, 'request', undefined, 64 * 1024));
  const endorsement = requireString(raw, 'endorsement', /^[A-Za-z0-9_-]+$/);
  if (request.device !== deviceId) throw enrolErrors.requestInvalid('the request is for another device');
  return withTransaction(pool, async (client) => {
    const device = await lockDevice(client, deviceId);
    if (device.status === 'revoked') throw enrolErrors.deviceRevoked(deviceId);
    if (request.county !== device.county) throw enrolErrors.countyMismatch(device.county, request.county);
    const endorsed = await verifyEndorsement(device.alg, device.publicKey, request.digest, endorsement);
    if (!endorsed) throw enrolErrors.badSignature();
    const next = {
      deviceId,
      county: device.county,
      operator: device.operator ?? request.operator,
      alg: request.alg,
      publicKey: request.publicKey,
    };
    const cert = await issueCertificate(client, keyring, next, 'rotation');
    await client.query(`UPDATE devices SET public_key = $2, alg = $3, cert_serial = $4 WHERE id = $1`, [
      deviceId,
      next.publicKey,
      next.alg,
      cert.serial,
    ]);
    return cert;
  });
}

async function verifyEndorsement(
  alg: SignatureAlg,
  publicKey: string,
  digest: string,
  signature: string,
): Promise<boolean> {
  try {
    return await softwareVerifier.verify(alg, publicKey, fromHex(digest), fromBase64url(signature));
  } catch {
    return false;
  }
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
    await client.query(`UPDATE devices SET status = 'revoked', revoked_at = now(), revoke_reason = $2 WHERE id = $1`, [
      deviceId,
      reason,
    ]);
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
  const { rows } = await client.query<DeviceDbRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1 FOR UPDATE`, [
    deviceId,
  ]);
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
