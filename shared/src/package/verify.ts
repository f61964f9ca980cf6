/**
 * Verification without import: what an admin CLI `verify FILE` prints. Detects which signed format the file is,
 * runs the full decoder for it with the key the SERVER would use, and summarises the (claimed) header facts even
 * when the file is refused. Which key checks which file (docs/package-format.md §10):
 *   receipts, device certificates, return pages → a server key (by keyId);
 *   changes packages → the enrolled key of header.device, only if header.keyId names it;
 *   pull requests → the enrolled key of body.device, likewise; enrolment requests → their own body.publicKey.
 */
import { keyIdFor, type SignatureAlg, type Verifier } from '../crypto/signing';
import { decodePullRequest, PULL_REQUEST_FORMAT } from '../sync/pull-request';
import { decodeDeviceCert, DEVICE_CERT_FORMAT } from './device-cert';
import { decodeEnrolmentRequest, ENROLMENT_FORMAT } from './enrolment';
import { decodePackage, PACKAGE_FORMAT, PACKAGE_LIMITS } from './package';
import { type ReasonCode, type ReasonMessage, reject } from './reasons';
import { decodeReceipt, RECEIPT_FORMAT } from './receipt';
import { type PublicKeyResolver, SMALL_DOCUMENT_MAX_BYTES } from './signed-document';
import { isRecord } from './shape';
import { utf8DecodeStrict } from '../crypto/encoding';

/** Every signed file kind, as docs/package-format.md lists them (the conformance test compares the two). */
export const KNOWN_FORMATS = [
  PACKAGE_FORMAT,
  RECEIPT_FORMAT,
  DEVICE_CERT_FORMAT,
  ENROLMENT_FORMAT,
  PULL_REQUEST_FORMAT,
] as const;

/** The file size limit of each kind, checked before parsing. */
export const FORMAT_MAX_BYTES: Readonly<Record<(typeof KNOWN_FORMATS)[number], number>> = {
  [PACKAGE_FORMAT]: PACKAGE_LIMITS.maxBytes,
  [RECEIPT_FORMAT]: SMALL_DOCUMENT_MAX_BYTES,
  [DEVICE_CERT_FORMAT]: SMALL_DOCUMENT_MAX_BYTES,
  [ENROLMENT_FORMAT]: SMALL_DOCUMENT_MAX_BYTES,
  [PULL_REQUEST_FORMAT]: SMALL_DOCUMENT_MAX_BYTES,
};

/** The keys the server trusts, by role. A resolver answers null when it has no such key (or it is revoked). */
export interface VerifyKeys {
  /** A server key by id: receipts, certificates and return pages are signed by the server. */
  serverKey(keyId: string, alg: SignatureAlg): string | null | Promise<string | null>;
  /** The current public key of an enrolled, active device. */
  deviceKey(
    device: string,
  ): { alg: SignatureAlg; publicKey: string } | null | Promise<{ alg: SignatureAlg; publicKey: string } | null>;
}

/** The device key, only when the file's keyId and alg name exactly it (keyId is a hint, never trusted alone). */
async function deviceKeyNamed(
  keys: VerifyKeys,
  device: unknown,
  keyId: string,
  alg: SignatureAlg,
): Promise<string | null> {
  if (typeof device !== 'string') return null;
  const key = await keys.deviceKey(device);
  return key && key.alg === alg && keyIdFor(alg, key.publicKey) === keyId ? key.publicKey : null;
}

/** Which key the server would check a file with. */
export function serverVerdictResolver(keys: VerifyKeys): PublicKeyResolver {
  return ({ header, body, keyId, alg }) => {
    if (header.format === PACKAGE_FORMAT && header.kind !== 'return')
      return deviceKeyNamed(keys, header.device, keyId, alg);
    if (header.format === PULL_REQUEST_FORMAT)
      return deviceKeyNamed(keys, isRecord(body) ? body.device : undefined, keyId, alg);
    return keys.serverKey(keyId, alg);
  };
}

export interface VerifyOptions {
  /** The package limit (default PACKAGE_LIMITS.maxBytes); the small documents are always held to 64 KiB. */
  maxBytes?: number;
  /** The server's keys by role: the server's verdict. Otherwise resolvePublicKey / publicKey for every kind. */
  keys?: VerifyKeys;
  resolvePublicKey?: PublicKeyResolver;
  publicKey?: string;
  verifier?: Verifier;
  /** For certificates: check the validity period at this time. */
  now?: Date;
}

export interface VerifyReport {
  ok: boolean;
  /** The format the file claims ('unknown' when it cannot be read at all). */
  format: string;
  reason?: ReasonCode;
  message?: ReasonMessage;
  detail?: string;
  /** The digest, present when ok. */
  digest?: string;
  /** Header and body facts as the file states them; authenticated only when ok is true. */
  claimed: Record<string, unknown>;
}

const SUMMARY_FIELDS = [
  'kind',
  'packageId',
  'county',
  'device',
  'seq',
  'prevDigest',
  'cursor',
  'createdAt',
  'schemaVersion',
  'appVersion',
  'counts',
  'alg',
  'digestAlg',
  'keyId',
  'version',
];
const BODY_SUMMARY_FIELDS = [
  'packageId',
  'device',
  'county',
  'seq',
  'status',
  'cursor',
  'serverTime',
  'serial',
  'alg',
  'notBefore',
  'notAfter',
  'requestId',
  'operator',
  'createdAt',
  'after',
  'limit',
];

function claimedFacts(bytes: Uint8Array, maxBytes: number): { format: string; claimed: Record<string, unknown> } {
  if (bytes.length > maxBytes) return { format: 'unknown', claimed: {} };
  try {
    const parsed: unknown = JSON.parse(utf8DecodeStrict(bytes));
    if (!isRecord(parsed) || !isRecord(parsed.header)) return { format: 'unknown', claimed: {} };
    const { header, body } = parsed;
    const claimed: Record<string, unknown> = {};
    for (const f of SUMMARY_FIELDS) if (f in header) claimed[f] = header[f];
    if (isRecord(body) && header.format !== PACKAGE_FORMAT)
      for (const f of BODY_SUMMARY_FIELDS) if (f in body) claimed[f] = body[f];
    return { format: typeof header.format === 'string' ? header.format : 'unknown', claimed };
  } catch {
    return { format: 'unknown', claimed: {} };
  }
}

export async function verifyFile(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyReport> {
  const packageMax = Math.min(options.maxBytes ?? PACKAGE_LIMITS.maxBytes, PACKAGE_LIMITS.maxBytes);
  const { format, claimed } = claimedFacts(bytes, packageMax);
  const keyOptions = {
    resolvePublicKey: options.keys ? serverVerdictResolver(options.keys) : options.resolvePublicKey,
    publicKey: options.publicKey,
    verifier: options.verifier,
  };
  const small = { ...keyOptions, maxBytes: SMALL_DOCUMENT_MAX_BYTES };
  const result =
    format === RECEIPT_FORMAT
      ? await decodeReceipt(bytes, small)
      : format === DEVICE_CERT_FORMAT
        ? await decodeDeviceCert(bytes, { ...small, now: options.now })
        : format === ENROLMENT_FORMAT
          ? await decodeEnrolmentRequest(bytes, { maxBytes: SMALL_DOCUMENT_MAX_BYTES, verifier: options.verifier })
          : format === PULL_REQUEST_FORMAT
            ? await decodePullRequest(bytes, small)
            : format === PACKAGE_FORMAT || format === 'unknown'
              ? await decodePackage(bytes, { ...keyOptions, maxBytes: packageMax })
              : reject('UNKNOWN_FORMAT', `format ${JSON.stringify(format)} is none of ${KNOWN_FORMATS.join(', ')}`);
  if (result.ok) return { ok: true, format, digest: result.digest, claimed };
  return { ok: false, format, reason: result.reason, message: result.message, detail: result.detail, claimed };
}
