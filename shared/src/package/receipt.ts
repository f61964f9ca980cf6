/**
 * Receipt format v1 (`linkdesk.receipt`): the server's signed answer to one package. A device keeps receipts as
 * proof that each of its packages arrived; `duplicate` answers a resend with the facts of the first acceptance.
 */
import { type Signer } from '../crypto/signing';
import { type Rejection } from './reasons';
import {
  type HeaderFields,
  type SignedHeaderBase,
  openSmallDocument,
  sealDocument,
  type Sealed,
  type SmallDocumentOptions,
} from './signed-document';

export { SMALL_DOCUMENT_MAX_BYTES, type SmallDocumentOptions } from './signed-document';
import { DIVISION_CODE, HEX_DIGEST, UUID, int, isoTime, object, oneOf, str } from './shape';

export const RECEIPT_FORMAT = 'linkdesk.receipt';

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

export async function sealReceipt(
  body: ReceiptBody,
  serverSigner: Signer,
): Promise<Sealed<ReceiptHeader, ReceiptBody>> {
  const problem = receiptBodyShape(body, 'body');
  if (problem) throw new Error(`invalid receipt: ${problem}`);
  const fields: HeaderFields<ReceiptHeader> = { format: RECEIPT_FORMAT, version: 1 };
  return sealDocument<ReceiptHeader, ReceiptBody>(fields, body, serverSigner);
}

export async function encodeReceipt(body: ReceiptBody, serverSigner: Signer): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealReceipt(body, serverSigner)).bytes;
}

export async function decodeReceipt(
  bytes: Uint8Array,
  options: SmallDocumentOptions,
): Promise<{ ok: true; receipt: Receipt; digest: string } | Rejection> {
  const opened = await openSmallDocument(bytes, RECEIPT_FORMAT, options, (body) => receiptBodyShape(body, 'body'));
  if (!opened.ok) return opened;
  return {
    ok: true,
    receipt: { header: opened.header as unknown as ReceiptHeader, body: opened.body as ReceiptBody },
    digest: opened.digest,
  };
}
