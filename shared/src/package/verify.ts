/**
 * Verification without import: what an admin CLI `verify FILE` prints. Detects which signed format the file is,
 * runs the full decoder for it, and summarises the (claimed) header facts even when the file is refused.
 */
import { type Verifier } from '../crypto/signing';
import { decodeDeviceCert, DEVICE_CERT_FORMAT } from './device-cert';
import { decodeEnrolmentRequest, ENROLMENT_FORMAT } from './enrolment';
import { decodePackage, PACKAGE_FORMAT, PACKAGE_LIMITS } from './package';
import { type ReasonCode, type ReasonMessage, reject } from './reasons';
import { decodeReceipt, RECEIPT_FORMAT } from './receipt';
import { type PublicKeyResolver } from './signed-document';
import { isRecord } from './shape';
import { utf8DecodeStrict } from '../crypto/encoding';

export const KNOWN_FORMATS = [PACKAGE_FORMAT, RECEIPT_FORMAT, DEVICE_CERT_FORMAT, ENROLMENT_FORMAT] as const;

export interface VerifyOptions {
  /** Default: PACKAGE_LIMITS.maxBytes. */
  maxBytes?: number;
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
  const maxBytes = options.maxBytes ?? PACKAGE_LIMITS.maxBytes;
  const { format, claimed } = claimedFacts(bytes, maxBytes);
  const keyOptions = {
    maxBytes,
    resolvePublicKey: options.resolvePublicKey,
    publicKey: options.publicKey,
    verifier: options.verifier,
  };
  const result =
    format === RECEIPT_FORMAT
      ? await decodeReceipt(bytes, keyOptions)
      : format === DEVICE_CERT_FORMAT
        ? await decodeDeviceCert(bytes, { ...keyOptions, now: options.now })
        : format === ENROLMENT_FORMAT
          ? await decodeEnrolmentRequest(bytes, { maxBytes, verifier: options.verifier })
          : format === PACKAGE_FORMAT || format === 'unknown'
            ? await decodePackage(bytes, keyOptions)
            : reject('UNKNOWN_FORMAT', `format ${JSON.stringify(format)} is none of ${KNOWN_FORMATS.join(', ')}`);
  if (result.ok) return { ok: true, format, digest: result.digest, claimed };
  return { ok: false, format, reason: result.reason, message: result.message, detail: result.detail, claimed };
}
