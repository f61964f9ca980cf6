/**
 * Return pages: a `linkdesk.package` of kind `return`, signed by the server, with `header.hasMore`,
 * `header.serverTime` and `body.receipts` (docs/sync-protocol.md §3). The same bytes answer POST /v1/pull and
 * travel on USB as a "return package" file.
 */
import type { Op } from '../change/op';
import { canonicalize } from '../crypto/canonical-json';
import { utf8Encode } from '../crypto/encoding';
import type { Signer } from '../crypto/signing';
import { uuidv7 } from '../change/uuidv7';
import { decodePackage, PACKAGE_LIMITS, sealPackage, type AttachmentRef } from '../package/package';
import { isRecord } from '../package/shape';
import { isCursor } from './cursor';
import { SyncError, rejectedError } from './errors';
import type { ReturnPage, VerifiedReceipt } from './ports';
import { serverKeyResolver, verifyReceipt, type ServerKey } from './server-keys';

export interface ReturnPageInput {
  device: string;
  county: string;
  from: string;
  to: string;
  hasMore: boolean;
  serverTime: string;
  ops: Op[];
  attachments?: AttachmentRef[];
  /** Receipt files of this device's packages, as bytes. */
  receipts: Uint8Array[];
  schemaVersion: number;
  appVersion: string;
}

/** For the server (and test servers): the signed bytes of a return page. */
export async function sealReturnPage(
  input: ReturnPageInput,
  serverSigner: Signer,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; digest: string }> {
  const receipts = input.receipts.map((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as unknown);
  const sealed = await sealPackage(
    {
      header: {
        kind: 'return',
        packageId: uuidv7(),
        county: input.county,
        device: input.device,
        seq: null,
        prevDigest: null,
        cursor: { from: input.from, to: input.to },
        createdAt: input.serverTime,
        schemaVersion: input.schemaVersion,
        appVersion: input.appVersion,
        hasMore: input.hasMore,
        serverTime: input.serverTime,
      } as Parameters<typeof sealPackage>[0]['header'],
      body: { ops: input.ops, attachments: input.attachments ?? [], receipts } as Parameters<
        typeof sealPackage
      >[0]['body'],
    },
    serverSigner,
  );
  return { bytes: sealed.bytes, digest: sealed.digest };
}

/**
 * Verifies a return page (server signature, addressee, receipts) and returns it ready for SyncStore.applyPage.
 * Throws SyncError: BAD_SERVER_SIGNATURE, WRONG_DEVICE, REJECTED (malformed), SERVER_KEY_UNKNOWN.
 */
export async function decodeReturnPage(
  bytes: Uint8Array,
  options: { serverKeys: readonly ServerKey[]; deviceId: string; maxBytes?: number },
): Promise<ReturnPage> {
  if (options.serverKeys.length === 0) throw new SyncError('SERVER_KEY_UNKNOWN');
  const decoded = await decodePackage(bytes, {
    maxBytes: options.maxBytes ?? 4 * PACKAGE_LIMITS.maxBytes,
    resolvePublicKey: serverKeyResolver(options.serverKeys),
  });
  if (!decoded.ok) {
    if (
      decoded.reason === 'BAD_SIGNATURE' ||
      decoded.reason === 'UNKNOWN_KEY' ||
      decoded.reason === 'DIGEST_MISMATCH'
    ) {
      throw new SyncError('BAD_SERVER_SIGNATURE', { reason: decoded.reason, detail: decoded.detail });
    }
    throw rejectedError(decoded.reason, { detail: decoded.detail });
  }
  const { header, body } = decoded.pkg;
  if (header.kind !== 'return')
    throw rejectedError('MALFORMED', { detail: `expected a return package, got kind ${header.kind}` });
  if (header.device !== options.deviceId)
    throw new SyncError('WRONG_DEVICE', { pageDevice: header.device, deviceId: options.deviceId });
  const extra = header as unknown as Record<string, unknown>;
  const rawReceipts = (body as unknown as Record<string, unknown>).receipts ?? [];
  const cursor = header.cursor!;
  if (
    !isCursor(cursor.from) ||
    !isCursor(cursor.to) ||
    typeof extra.hasMore !== 'boolean' ||
    typeof extra.serverTime !== 'string' ||
    !Array.isArray(rawReceipts)
  ) {
    throw rejectedError('MALFORMED', {
      detail:
        'a return page needs decimal cursors, a signed boolean header.hasMore, header.serverTime and body.receipts[]',
    });
  }
  const hasMore = extra.hasMore;
  const serverTime = extra.serverTime;
  const receipts: VerifiedReceipt[] = [];
  for (const raw of rawReceipts) {
    if (!isRecord(raw)) throw rejectedError('MALFORMED', { detail: 'body.receipts[] must hold receipt documents' });
    receipts.push(await verifyReceipt(utf8Encode(canonicalize(raw)), options.serverKeys, options.deviceId));
  }
  return { digest: decoded.digest, from: cursor.from, to: cursor.to, hasMore, serverTime, ops: body.ops, receipts };
}
