/**
 * Pull request v1 (`linkdesk.pull-request`): a small document signed by the device key. No timestamps, so a PC
 * whose clock is off still authenticates; the server refuses a requestId it has already seen (replay).
 */
import type { Signer, Verifier } from '../crypto/signing';
import { reject, type Rejection } from '../package/reasons';
import {
  openDocument,
  resolverFrom,
  sealDocument,
  type HeaderFields,
  type PublicKeyResolver,
  type SignedHeaderBase,
} from '../package/signed-document';
import { int, nullable, object, str, UUID } from '../package/shape';
import { SMALL_DOCUMENT_MAX_BYTES } from '../package/receipt';
import { isCursor } from './cursor';

export const PULL_REQUEST_FORMAT = 'linkdesk.pull-request';
export const MAX_PULL_LIMIT = 5000;

export interface PullRequestHeader extends SignedHeaderBase {
  format: typeof PULL_REQUEST_FORMAT;
  version: 1;
}

export interface PullRequestBody {
  requestId: string;
  device: string;
  after: string | null;
  limit: number;
}

const bodyShape = object({
  requestId: str(UUID),
  device: str(undefined, 128),
  after: nullable((v, path) => (isCursor(v) ? null : `${path} must be a cursor (decimal digits)`)),
  limit: int(1, MAX_PULL_LIMIT),
});

export async function sealPullRequest(body: PullRequestBody, deviceSigner: Signer): Promise<Uint8Array<ArrayBuffer>> {
  const problem = bodyShape(body, 'body');
  if (problem) throw new Error(`invalid pull request: ${problem}`);
  const fields: HeaderFields<PullRequestHeader> = { format: PULL_REQUEST_FORMAT, version: 1 };
  return (await sealDocument<PullRequestHeader, PullRequestBody>(fields, body, deviceSigner)).bytes;
}

/** For the server: resolve the key only among the keys enrolled for body.device. */
export async function decodePullRequest(
  bytes: Uint8Array,
  options: { resolvePublicKey?: PublicKeyResolver; publicKey?: string; verifier?: Verifier; maxBytes?: number },
): Promise<{ ok: true; body: PullRequestBody; keyId: string; digest: string } | Rejection> {
  const opened = await openDocument(bytes, {
    format: PULL_REQUEST_FORMAT,
    maxBytes: options.maxBytes ?? SMALL_DOCUMENT_MAX_BYTES,
    resolvePublicKey: resolverFrom(options),
    verifier: options.verifier,
  });
  if (!opened.ok) return opened;
  const problem = bodyShape(opened.body, 'body');
  if (problem) return reject('MALFORMED', problem);
  return { ok: true, body: opened.body as PullRequestBody, keyId: opened.header.keyId, digest: opened.digest };
}
