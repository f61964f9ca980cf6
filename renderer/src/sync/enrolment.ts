/**
 * Enrolment of this device with the province: the key pair is generated in the host (never here); either a
 * one-time code is exchanged online for a certificate, or a signed request file goes to the province by USB and
 * the certificate file comes back. Both end with the certificate kept by the host and the sync identity stored.
 */
import type { DesktopBridge, PublicKeyInfo } from '@shared/bridge';
import { uuidv7 } from '@shared/change/uuidv7';
import { canonicalBytes } from '@shared/crypto/canonical-json';
import { isSignatureAlg, type SignatureAlg } from '@shared/crypto/signing';
import { decodeDeviceCert, type DeviceCertBody } from '@shared/package/device-cert';
import { scopeOfCertificate } from '@shared/domain/scope';
import { sealEnrolmentRequest } from '@shared/package/enrolment';
import { SyncError } from '@shared/sync/errors';
import { enrolRefusal } from '@shared/sync/enrol-refusals';
import { serverKeyResolver, type ServerKey } from '@shared/sync/server-keys';
import { bytesToBase64 } from '../storage/backup';
import { bridgeSigner, type BridgeTransport } from './bridge-ports';
import { type DexieSyncStore } from './dexie-store';

export type EnrolErrorCode = 'CERT_INVALID' | 'CERT_NOT_MINE' | 'CERT_BAD_SIGNATURE';

export class EnrolError extends Error {
  constructor(
    readonly code: EnrolErrorCode,
    detail = '',
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'EnrolError';
  }
}

export interface EnrolContext {
  bridge: DesktopBridge;
  store: DexieSyncStore;
  transport: BridgeTransport;
  /** This device's clock node id (meta deviceId): the sync device id derives from it. */
  nodeId: () => Promise<string>;
  now?: () => number;
}

/**
 * The id the server knows this device by: its clock node id, because every op names it as `device` and a package
 * may only carry ops of the device that signed it.
 */
export const deviceIdFor = (nodeId: string): string => nodeId;

/**
 * The device key's public half, generating the pair in the host on first use, of the algorithm the province's
 * enrolment code requires. An existing key is never replaced: if its algorithm is not the code's, the server says so.
 */
export async function ensureDeviceKey(bridge: DesktopBridge, alg: SignatureAlg = 'Ed25519'): Promise<PublicKeyInfo> {
  const status = await bridge.keystoreStatus();
  return status.key ?? bridge.keystoreGenerate({ alg });
}

/** The algorithm the code requires (POST /v1/enrol/policy); Ed25519 when the server does not say. */
async function codeAlg(ctx: EnrolContext, code: string): Promise<SignatureAlg> {
  try {
    const policy = await ctx.transport.json('POST', '/v1/enrol/policy', { code });
    return isSignatureAlg(policy.alg) ? policy.alg : 'Ed25519';
  } catch {
    return 'Ed25519'; // an older server, or a bad code: the enrolment itself answers with the reason
  }
}

/**
 * The province's code: an online request names it when the device does not know its county yet, and the server
 * certifies the county the one-time code is bound to.
 */
const COUNTY_FROM_CODE = '13';

/** Online: server URL + one-time code + the self-signed enrolment request (proof of possession) → certificate. */
export async function enrolWithCode(
  ctx: EnrolContext,
  input: { serverUrl: string; code: string; operator: string },
): Promise<DeviceCertBody> {
  await ctx.bridge.syncConfigure({ serverUrl: input.serverUrl.trim().replace(/\/+$/, '') });
  const key = await ensureDeviceKey(ctx.bridge, await codeAlg(ctx, input.code.trim()));
  const deviceId = deviceIdFor(await ctx.nodeId());
  const request = await sealRequest(ctx, key, deviceId, { county: COUNTY_FROM_CODE, operator: input.operator });
  let answer: Record<string, unknown>;
  try {
    answer = await ctx.transport.json('POST', '/v1/enrol', {
      code: input.code.trim(),
      request: new TextDecoder().decode(request),
      deviceId,
      operator: input.operator,
      alg: key.alg,
      publicKey: key.publicKey,
    });
  } catch (error) {
    throw serverRefusal(error);
  }
  const keys = Array.isArray(answer.serverKeys)
    ? (answer.serverKeys as ServerKey[])
    : await fetchServerKeys(ctx.transport);
  return accept(ctx, key, deviceId, answer.certificate, keys);
}

/** The enrolment request file: signed in the host by the key it enrols. */
async function sealRequest(
  ctx: EnrolContext,
  key: PublicKeyInfo,
  deviceId: string,
  input: { county: string; operator: string },
): Promise<Uint8Array> {
  const body = {
    requestId: uuidv7(),
    device: deviceId,
    county: input.county,
    alg: key.alg,
    publicKey: key.publicKey,
    operator: input.operator,
    createdAt: new Date((ctx.now ?? Date.now)()).toISOString(),
  };
  return (await sealEnrolmentRequest(body, bridgeSigner(ctx.bridge, key))).bytes;
}

/** Offline: a request file signed by the device key, saved where the user chooses (a USB stick). */
export async function writeEnrolmentRequest(
  ctx: EnrolContext,
  input: { county: string; operator: string },
): Promise<string | null> {
  const key = await ensureDeviceKey(ctx.bridge);
  const deviceId = deviceIdFor(await ctx.nodeId());
  const bytes = await sealRequest(ctx, key, deviceId, input);
  const saved = await ctx.bridge.saveFile({
    suggestedName: `enrolment-request-${deviceId}.json`,
    mime: 'application/json',
    dataBase64: bytesToBase64(bytes),
  });
  return saved?.path ?? null;
}

/** Offline: the certificate file the province issued (bare, or `{ certificate, serverKeys }`). */
export async function importCertificateFile(ctx: EnrolContext, text: string): Promise<DeviceCertBody> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EnrolError('CERT_INVALID', 'not JSON');
  }
  const wrapped =
    parsed && typeof parsed === 'object' && 'certificate' in parsed
      ? (parsed as { certificate: unknown; serverKeys?: unknown })
      : { certificate: parsed };
  const stored = (await ctx.store.serverKeys()) ?? [];
  const keys = Array.isArray(wrapped.serverKeys) ? (wrapped.serverKeys as ServerKey[]) : stored;
  const key = (await ctx.bridge.keystoreStatus()).key;
  if (!key) throw new EnrolError('CERT_NOT_MINE', 'this device has no key yet: write an enrolment request first');
  return accept(ctx, key, deviceIdFor(await ctx.nodeId()), wrapped.certificate, keys);
}

async function accept(
  ctx: EnrolContext,
  key: PublicKeyInfo,
  deviceId: string,
  certificate: unknown,
  keys: ServerKey[],
): Promise<DeviceCertBody> {
  const bytes =
    typeof certificate === 'string'
      ? new TextEncoder().encode(certificate)
      : certificate && typeof certificate === 'object'
        ? canonicalBytes(certificate)
        : null;
  if (!bytes) throw new EnrolError('CERT_INVALID', 'no certificate');
  let body: DeviceCertBody;
  if (keys.length > 0) {
    const decoded = await decodeDeviceCert(bytes, { resolvePublicKey: serverKeyResolver(keys) });
    if (!decoded.ok)
      throw new EnrolError(
        decoded.reason === 'BAD_SIGNATURE' || decoded.reason === 'UNKNOWN_KEY' ? 'CERT_BAD_SIGNATURE' : 'CERT_INVALID',
        decoded.reason,
      );
    body = decoded.cert.body;
  } else {
    // No server key yet (USB-only device): kept unverified; receipts and pages are checked once keys arrive.
    try {
      body = (JSON.parse(new TextDecoder().decode(bytes)) as { body: DeviceCertBody }).body;
    } catch {
      throw new EnrolError('CERT_INVALID', 'not JSON');
    }
    if (!body || typeof body !== 'object') throw new EnrolError('CERT_INVALID', 'no body');
  }
  if (body.device !== deviceId || body.publicKey !== key.publicKey || body.alg !== key.alg)
    throw new EnrolError('CERT_NOT_MINE');
  await ctx.bridge.keystoreImportCertificate({ certificate: new TextDecoder().decode(bytes) });
  await ctx.store.saveEnrolment(
    { deviceId, county: body.county, keyId: key.keyId, scope: scopeOfCertificate(body) },
    keys.length > 0 ? keys : null,
    new Date((ctx.now ?? Date.now)()).toISOString(),
  );
  return body;
}

export async function fetchServerKeys(transport: BridgeTransport): Promise<ServerKey[]> {
  const answer = await transport.json('GET', '/v1/server-keys');
  if (!Array.isArray(answer.keys)) throw new SyncError('SERVER_KEY_UNKNOWN');
  return answer.keys as ServerKey[];
}

/** A refusal of the enrolment: the plain message for the server's code (shared/src/sync/enrol-refusals.ts). */
function serverRefusal(error: unknown): unknown {
  return enrolRefusal(error);
}
