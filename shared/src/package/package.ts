/**
 * Package format v1 (`linkdesk.package`): one self-describing signed file, byte-identical on the network and on
 * USB. See docs/package-format.md for the byte-level rules.
 */
import { type Op } from '../change/op';
import { fromBase64url, toHex } from '../crypto/encoding';
import { sha256 } from '../crypto/digest';
import { type Signer, type Verifier } from '../crypto/signing';
import { type Rejection, reject } from './reasons';
import {
  type PublicKeyResolver,
  type SignedHeaderBase,
  type HeaderFields,
  openDocument,
  resolverFrom,
  sealDocument,
} from './signed-document';
import {
  BASE64URL,
  DIVISION_CODE,
  HEX_DIGEST,
  UUID,
  arrayOf,
  checkOps,
  int,
  isoTime,
  nullable,
  object,
  oneOf,
  str,
  type Problem,
} from './shape';

export const PACKAGE_FORMAT = 'linkdesk.package';
export const PACKAGE_VERSION = 1;
/** The HTTP content type of a package body (request or answer); the bytes are the file's. */
export const PACKAGE_CONTENT_TYPE = 'application/vnd.linkdesk.package+json';

/** Default limits; a reader passes its own maxBytes (the server's is configuration). */
export const PACKAGE_LIMITS = {
  /** Whole file, inline attachments included. */
  maxBytes: 4 * 1024 * 1024,
  /** Ops per package when chunking an outbox. */
  maxOps: 5000,
  /** Attachments up to this size may travel inline (base64url); larger ones travel as separate files. */
  maxInlineAttachmentBytes: 256 * 1024,
} as const;

/** `changes`: a device's own ops, hash-chained per device. `return`: a page of ops the server sends a device. */
export const PACKAGE_KINDS = ['changes', 'return'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

export interface PackageCounts {
  ops: number;
  attachments: number;
}

/** The server's pull cursor range a `return` page covers (opaque strings, assigned by the server). */
export interface CursorRange {
  from: string;
  to: string;
}

export interface PackageHeader extends SignedHeaderBase {
  format: typeof PACKAGE_FORMAT;
  version: typeof PACKAGE_VERSION;
  kind: PackageKind;
  /** UUID of this file; the idempotence key of a whole package. */
  packageId: string;
  /** GB/T 2260 code of the county the device belongs to. */
  county: string;
  /** changes: the device that made and signed it. return: the device it is for. */
  device: string;
  /** changes: 1, 2, 3 … per device, no gaps. return: null. */
  seq: number | null;
  /** changes: digest of the same device's package seq − 1 (null for seq 1). return: null. */
  prevDigest: string | null;
  /** return: the server cursor range the page covers. changes: null. */
  cursor: CursorRange | null;
  createdAt: string;
  schemaVersion: number;
  appVersion: string;
  counts: PackageCounts;
}

export interface AttachmentRef {
  /** Lowercase hex SHA-256 of the attachment bytes (its name everywhere). */
  sha256: string;
  size: number;
  mime: string;
  /** The file name the user chose (display only). */
  name: string;
  /** Optional inline bytes, base64url; otherwise they travel as a separate file named by sha256. */
  data?: string;
}

export interface PackageBody {
  ops: Op[];
  attachments: AttachmentRef[];
}

export interface Package {
  header: PackageHeader;
  body: PackageBody;
}

/** What the caller provides; format, version, counts and the signing fields are filled in. */
export type PackageHeaderInput = Omit<HeaderFields<PackageHeader>, 'format' | 'version' | 'counts'>;

export class PackageEncodeError extends Error {
  constructor(readonly rejection: Rejection) {
    super(`${rejection.reason}: ${rejection.detail}`);
    this.name = 'PackageEncodeError';
  }
}

const headerShape = object({
  kind: oneOf(PACKAGE_KINDS),
  packageId: str(UUID),
  county: str(DIVISION_CODE),
  device: str(undefined, 128),
  seq: nullable(int(1)),
  prevDigest: nullable(str(HEX_DIGEST)),
  cursor: nullable(object({ from: str(undefined, 128), to: str(undefined, 128) })),
  createdAt: isoTime,
  schemaVersion: int(1),
  appVersion: str(undefined, 64),
  counts: object({ ops: int(0), attachments: int(0) }),
});

const attachmentShape = object({
  sha256: str(HEX_DIGEST),
  size: int(0),
  mime: str(undefined, 255),
  name: str(undefined, 255),
  data: (v, path) =>
    v === undefined ? null : typeof v === 'string' && BASE64URL.test(v) ? null : `${path} must be base64url`,
});

/** Everything about a package that is not cryptography: shape, kind rules, counts, inline attachments. */
export function checkPackage(header: Record<string, unknown>, body: unknown): Rejection | null {
  const problem: Problem = headerShape(header, 'header');
  if (problem) return reject('MALFORMED', problem);
  const h = header as unknown as PackageHeader;
  if (h.kind === 'changes') {
    if (h.seq === null) return reject('MALFORMED', 'header.seq is required for a changes package');
    if (h.cursor !== null) return reject('MALFORMED', 'header.cursor must be null for a changes package');
    if ((h.seq === 1) !== (h.prevDigest === null))
      return reject('MALFORMED', 'header.prevDigest must be null exactly when seq is 1');
  } else if (h.seq !== null || h.prevDigest !== null || h.cursor === null) {
    return reject('MALFORMED', 'a return package has seq and prevDigest null and a cursor range');
  }
  const bodyProblem = object({ ops: (v, p) => checkOps(v, p), attachments: arrayOf(attachmentShape) })(body, 'body');
  if (bodyProblem) return reject('MALFORMED', bodyProblem);
  const b = body as PackageBody;
  if (h.counts.ops !== b.ops.length || h.counts.attachments !== b.attachments.length) {
    return reject(
      'COUNT_MISMATCH',
      `header counts ${h.counts.ops} ops / ${h.counts.attachments} attachments, body has ${b.ops.length} / ${b.attachments.length}`,
    );
  }
  if (h.kind === 'changes') {
    const foreign = b.ops.findIndex((op) => op.device !== h.device);
    if (foreign >= 0)
      return reject(
        'OP_DEVICE_MISMATCH',
        `body.ops[${foreign}].device is ${b.ops[foreign]!.device}, the package is from ${h.device}`,
      );
  }
  const seen = new Set<string>();
  for (const [i, a] of b.attachments.entries()) {
    if (seen.has(a.sha256)) return reject('MALFORMED', `body.attachments[${i}] repeats ${a.sha256}`);
    seen.add(a.sha256);
    if (a.data === undefined) continue;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64url(a.data);
    } catch (e) {
      return reject('MALFORMED', `body.attachments[${i}].data: ${(e as Error).message}`);
    }
    if (bytes.length !== a.size || toHex(sha256(bytes)) !== a.sha256) {
      return reject(
        'ATTACHMENT_MISMATCH',
        `body.attachments[${i}] inline bytes do not match size ${a.size} / sha256 ${a.sha256}`,
      );
    }
  }
  return null;
}

export interface SealedPackage {
  bytes: Uint8Array<ArrayBuffer>;
  digest: string;
  pkg: Package;
}

/** Builds, checks and signs a package. Throws PackageEncodeError rather than write a file readers would refuse. */
export async function sealPackage(
  input: { header: PackageHeaderInput; body: PackageBody },
  signer: Signer,
): Promise<SealedPackage> {
  const fields: HeaderFields<PackageHeader> = {
    ...input.header,
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    counts: { ops: input.body.ops.length, attachments: input.body.attachments.length },
  };
  const sealed = await sealDocument<PackageHeader, PackageBody>(fields, input.body, signer);
  const problem = checkPackage(sealed.header as unknown as Record<string, unknown>, sealed.body);
  if (problem) throw new PackageEncodeError(problem);
  return { bytes: sealed.bytes, digest: sealed.digest, pkg: { header: sealed.header, body: sealed.body } };
}

export async function encodePackage(
  input: { header: PackageHeaderInput; body: PackageBody },
  signer: Signer,
): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealPackage(input, signer)).bytes;
}

export interface DecodeOptions {
  maxBytes: number;
  /** The key to check against. For changes: only a key enrolled for ref.header.device (never trust keyId alone). */
  resolvePublicKey?: PublicKeyResolver;
  /** Shortcut when the single acceptable key is known (e.g. the server key on a device). */
  publicKey?: string;
  verifier?: Verifier;
}

export type DecodeResult = { ok: true; pkg: Package; digest: string } | Rejection;

export async function decodePackage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodeResult> {
  const opened = await openDocument(bytes, {
    format: PACKAGE_FORMAT,
    maxBytes: options.maxBytes,
    resolvePublicKey: resolverFrom(options),
    verifier: options.verifier,
  });
  if (!opened.ok) return opened;
  const problem = checkPackage(opened.header, opened.body);
  if (problem) return problem;
  return {
    ok: true,
    pkg: { header: opened.header as unknown as PackageHeader, body: opened.body as PackageBody },
    digest: opened.digest,
  };
}
