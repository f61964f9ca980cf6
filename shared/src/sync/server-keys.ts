/** The provincial server keys a device accepts on receipts and return pages, and checking receipts with them. */
import type { SignatureAlg } from '../crypto/signing';
import { decodeReceipt } from '../package/receipt';
import type { PublicKeyResolver } from '../package/signed-document';
import { SyncError } from './errors';
import type { VerifiedReceipt } from './ports';

export interface ServerKey {
  keyId: string;
  alg: SignatureAlg;
  publicKey: string;
}

export function serverKeyResolver(keys: readonly ServerKey[]): PublicKeyResolver {
  return ({ keyId, alg }) => keys.find((k) => k.keyId === keyId && k.alg === alg)?.publicKey ?? null;
}

/** Checks a receipt's signature and addressee; throws SyncError BAD_SERVER_SIGNATURE / WRONG_DEVICE. */
export async function verifyReceipt(
  bytes: Uint8Array,
  keys: readonly ServerKey[],
  deviceId: string,
): Promise<VerifiedReceipt> {
  if (keys.length === 0) throw new SyncError('SERVER_KEY_UNKNOWN');
  const decoded = await decodeReceipt(bytes, { resolvePublicKey: serverKeyResolver(keys) });
  if (!decoded.ok) throw new SyncError('BAD_SERVER_SIGNATURE', { reason: decoded.reason, detail: decoded.detail });
  const b = decoded.receipt.body;
  if (b.device !== deviceId) throw new SyncError('WRONG_DEVICE', { receiptDevice: b.device, deviceId });
  return {
    packageId: b.packageId,
    seq: b.seq,
    digest: b.digest,
    cursor: b.cursor,
    serverTime: b.serverTime,
    status: b.status,
    bytes,
  };
}
