/**
 * Receipt format v1 (`linkdesk.receipt`): the server's signed answer to one package. A device keeps receipts as
 * proof that each of its packages arrived; `duplicate` answers a resend with the facts of the first acceptance.
 */
import { type Signer, type Verifier } from '../crypto/signing';
import { type Rejection, reject } from './reasons';
import { type HeaderFields, type PublicKeyResolver, type SignedHeaderBase, openDocument, resolverFrom, sealDocument, type Sealed } from './signed-document';
import { DIVISION_CODE, HEX_DIGEST, UUID, int, isoTime, object, oneOf, str } from './shape';

export const RECEIPT_FORMAT = 'linkdesk.receipt';
export const SMALL_DOCUMENT_MAX_BYTES = 64 * 1024;

export interface ReceiptHeader extends SignedHeaderBase {
  format: typeof RECEIPT_FORMAT;
  version: 1;
}

export interface ReceiptBody {
  packageId: string;
  device: string;
  county: string;
  seq: number;
  /** Digest of the package this receipt answers (hex, from its file). */
  digest: string;
  status: 'accepted' | 'duplicate';
  /** The server's pull cursor once the package was applied (opaque). */
  cursor: string;
  serverTime: string;
  counts: { ops: number; attachments: number };
}

export interface Receipt {
  header: ReceiptHeader;
  body: ReceiptBody;
}

const receiptBodyShape = object({
  packageId: str(UUID),
  device: str(undefined, 128),
  county: str(DIVISION_CODE),
  seq: int(1),
  digest: str(HEX_DIGEST),
  status: oneOf(['accepted', 'duplicate']),
  cursor: str(undefined, 128),
  serverTime: isoTime,
  counts: object({ ops: int(0), attachments: int(0) }),
});

export async function sealReceipt(body: ReceiptBody, serverSigner: Signer): Promise<Sealed<ReceiptHeader, ReceiptBody>> {
  const problem = receiptBodyShape(body, 'body');
  if (problem) throw new Error(`invalid receipt: ${problem}`);
  const fields: HeaderFields<ReceiptHeader> = { format: RECEIPT_FORMAT, version: 1 };
  return sealDocument<ReceiptHeader, ReceiptBody>(fields, body, serverSigner);
}

export async function encodeReceipt(body: ReceiptBody, serverSigner: Signer): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealReceipt(body, serverSigner)).bytes;
}

export interface SmallDocumentOptions {
  maxBytes?: number;
  resolvePublicKey?: PublicKeyResolver;
  /** The server's public key, when it is the only acceptable signer. */
  publicKey?: string;
  verifier?: Verifier;
}

export async function decodeReceipt(bytes: Uint8Array, options: SmallDocumentOptions): Promise<{ ok: true; receipt: Receipt; digest: string } | Rejection> {
  const opened = await openDocument(bytes, {
    format: RECEIPT_FORMAT,
    maxBytes: options.maxBytes ?? SMALL_DOCUMENT_MAX_BYTES,
    resolvePublicKey: resolverFrom(options),
    verifier: options.verifier,
  });
  if (!opened.ok) return opened;
  const problem = receiptBodyShape(opened.body, 'body');
  if (problem) return reject('MALFORMED', problem);
  return { ok: true, receipt: { header: opened.header as unknown as ReceiptHeader, body: opened.body as ReceiptBody }, digest: opened.digest };
}
