/**
 * The engine's Signer and Transport over the desktop bridge: the device key signs in the host (keystoreSign) and
 * the host performs the HTTP exchange with the provincial server (syncHttp). Bridge failures become SyncErrors
 * with plain-Chinese text: an unreachable server is NETWORK (retried), a missing server setting NOT_ENROLLED.
 */
import { BridgeError, type DesktopBridge, type PublicKeyInfo, type SyncHttpResult } from '@shared/bridge';
import type { Signer } from '@shared/crypto/signing';
import { errorFromHttp, normalizeServerCode, SyncError } from '@shared/sync/errors';
import type { PushResult, Transport } from '@shared/sync/ports';
import { base64ToBytes as fromBase64, bytesToBase64 as toBase64 } from '../storage/backup';

export const PACKAGE_CONTENT_TYPE = 'application/vnd.linkdesk.package';
export const PULL_CONTENT_TYPE = 'application/vnd.linkdesk.pull-request';

export function bridgeSigner(bridge: DesktopBridge, key: PublicKeyInfo): Signer {
  return {
    alg: key.alg,
    keyId: key.keyId,
    publicKey: key.publicKey,
    async sign(message) {
      const { signatureBase64 } = await bridge.keystoreSign({ messageBase64: toBase64(message) });
      return fromBase64(signatureBase64);
    },
  };
}

export class BridgeTransport implements Transport {
  constructor(private readonly bridge: DesktopBridge) {}

  async push(packageBytes: Uint8Array): Promise<PushResult> {
    const res = await this.exchange('POST', '/v1/packages', packageBytes, PACKAGE_CONTENT_TYPE);
    if (res.status === 200) return { kind: 'receipt', bytes: unwrap(fromBase64(res.bodyBase64), 'receipt') };
    const body = jsonOf(res);
    if (res.status === 409 && normalizeServerCode(body?.code) === 'SEQ_GAP' && typeof body?.expectedSeq === 'number')
      return { kind: 'gap', expectedSeq: body.expectedSeq };
    throw errorFromHttp(res.status, body, res.retryAfterMs ?? undefined);
  }

  async pull(requestBytes: Uint8Array): Promise<Uint8Array> {
    const res = await this.exchange('POST', '/v1/pull', requestBytes, PULL_CONTENT_TYPE);
    if (res.status === 200) return unwrap(fromBase64(res.bodyBase64), 'package');
    throw errorFromHttp(res.status, jsonOf(res), res.retryAfterMs ?? undefined);
  }

  /** A JSON exchange (enrolment, server keys): the parsed answer for 200/201, else a SyncError. */
  async json(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<Record<string, unknown>> {
    const body = payload === undefined ? null : new TextEncoder().encode(JSON.stringify(payload));
    const res = await this.exchange(method, path, body, body ? 'application/json' : null);
    const parsed = jsonOf(res);
    if (res.status === 200 || res.status === 201) return parsed ?? {};
    throw errorFromHttp(res.status, parsed, res.retryAfterMs ?? undefined);
  }

  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    body: Uint8Array | null,
    contentType: string | null,
  ): Promise<SyncHttpResult> {
    try {
      return await this.bridge.syncHttp({ method, path, bodyBase64: body ? toBase64(body) : null, contentType });
    } catch (error) {
      const e = BridgeError.from(error);
      if (e.code === 'BRIDGE_FORBIDDEN' && /no provincial server/.test(e.detail))
        throw new SyncError('NOT_ENROLLED', { bridge: e.detail });
      throw new SyncError(e.code === 'BRIDGE_UNAVAILABLE' ? 'NETWORK' : 'SERVER_ERROR', {
        bridge: e.code,
        detail: e.detail,
      });
    }
  }
}

/** The server may answer with the file itself or wrap its text as `{ receipt }` / `{ package }`. */
function unwrap(bytes: Uint8Array, field: 'receipt' | 'package'): Uint8Array {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const inner = parsed[field];
    if (typeof inner === 'string') return new TextEncoder().encode(inner);
  } catch {
    // not JSON: the decoder says what is wrong
  }
  return bytes;
}

function jsonOf(
  res: SyncHttpResult,
): (Record<string, unknown> & { code?: unknown; message?: unknown; expectedSeq?: unknown }) | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64(res.bodyBase64)));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
