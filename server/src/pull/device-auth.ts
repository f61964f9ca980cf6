// Requests a device makes on its own behalf (pull) carry a signature by its enrolled key:
//   x-linkdesk-device: <device id>
//   x-linkdesk-time: <ISO-8601 UTC time of the request>
//   x-linkdesk-signature: base64url Sign(device key, UTF-8 of `${METHOD} ${url}\n${time}\n${device}`)
// where url is the path with its query string exactly as sent.
import { fromBase64url, softwareVerifier, utf8Encode, type SignatureAlg } from '@shared/crypto';
import type { FastifyRequest } from 'fastify';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/errors.js';

export interface AuthedDevice {
  id: string;
  county: string;
}

/** How far a PC clock may be off for a signed request (the HLC drift guard is stricter). */
export const REQUEST_TIME_TOLERANCE_MS = 60 * 60_000;

export function requestSigningText(method: string, url: string, time: string, device: string): string {
  return `${method.toUpperCase()} ${url}\n${time}\n${device}`;
}

const authError = (status: number, code: string, zh: string, en: string) => new ApiError(status, code, { zh, en });

export async function authenticateDevice(pool: Pool, request: FastifyRequest): Promise<AuthedDevice> {
  const device = header(request, 'x-linkdesk-device');
  const time = header(request, 'x-linkdesk-time');
  const signature = header(request, 'x-linkdesk-signature');
  if (!device || !time || !signature) {
    throw authError(401, 'device-auth-missing', '请求缺少设备签名。', 'The request carries no device signature.');
  }
  const at = Date.parse(time);
  if (Number.isNaN(at) || Math.abs(Date.now() - at) > REQUEST_TIME_TOLERANCE_MS) {
    throw authError(401, 'clock-skew', '电脑时间与省级平台相差过大，请校准电脑时间后重试。', "The computer clock is too far from the server's; set the clock and retry.");
  }
  const { rows } = await pool.query<{ id: string; county: string; alg: SignatureAlg; public_key: string; status: string }>(
    'SELECT id, county, alg, public_key, status FROM devices WHERE id = $1',
    [device],
  );
  const row = rows[0];
  if (!row) throw authError(403, 'device-unknown', `设备 ${device} 未在省级平台注册。`, `Device ${device} is not enrolled.`);
  if (row.status !== 'active') throw authError(403, 'device-revoked', `设备 ${device} 已被吊销。`, `Device ${device} has been revoked.`);
  let ok: boolean;
  try {
    ok = await softwareVerifier.verify(row.alg, row.public_key, utf8Encode(requestSigningText(request.method, request.url, time, device)), fromBase64url(signature));
  } catch {
    ok = false;
  }
  if (!ok) throw authError(401, 'bad-signature', '设备签名校验失败。', 'The device signature does not verify.');
  return { id: row.id, county: row.county };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : undefined;
}
