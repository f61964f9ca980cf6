/**
 * The one envelope every signed LinkDesk file uses (packages, receipts, device certificates, enrolment requests):
 *
 *   file      = UTF-8 of canonical JSON (RFC 8785) of { body, digest, header, signature }
 *   header    = { format, version, alg, digestAlg, keyId, …format-specific fields }
 *   digest    = lowercase hex of digestAlg( UTF-8 of canonical JSON of { body, header } )
 *   signature = base64url of Sign(private key, the 32 digest bytes)
 *
 * alg/digestAlg/keyId live inside the header, so they are covered by the digest and the signature, and because a
 * reader insists on canonical bytes, every byte of the file is fixed by what it means.
 */
import { canonicalize, CanonicalJsonError } from '../crypto/canonical-json';
import { type DigestAlg, digest as computeDigest } from '../crypto/digest';
import {
  EncodingError,
  concatBytes,
  fromBase64url,
  fromHex,
  toBase64url,
  toHex,
  utf8DecodeStrict,
  utf8Encode,
} from '../crypto/encoding';
import { DIGEST_ALG_FOR, type SignatureAlg, type Signer, type Verifier, isSignatureAlg } from '../crypto/signing';
import { softwareVerifier } from '../crypto/software-keys';
import { sm2SignatureFromDer } from '../crypto/sm2';
import { type Rejection, reject } from './reasons';

export const ENVELOPE_FIELDS = ['body', 'digest', 'header', 'signature'] as const;

export interface SignedHeaderBase {
  format: string;
  version: number;
  alg: SignatureAlg;
  digestAlg: DigestAlg;
  keyId: string;
}

export type HeaderFields<H extends SignedHeaderBase> = Omit<H, 'alg' | 'digestAlg' | 'keyId'>;

export interface Sealed<H, B> {
  bytes: Uint8Array<ArrayBuffer>;
  /** Lowercase hex digest: the file's identity in hash chains and receipts. */
  digest: string;
  header: H;
  body: B;
}

export async function sealDocument<H extends SignedHeaderBase, B>(
  fields: HeaderFields<H>,
  body: B,
  signer: Signer,
): Promise<Sealed<H, B>> {
  const digestAlg = DIGEST_ALG_FOR[signer.alg];
  const header = { ...fields, alg: signer.alg, digestAlg, keyId: signer.keyId } as unknown as H;
  const headerBytes = utf8Encode(canonicalize(header));
  // The body is by far the largest part: it is encoded once and copied into both the signed bytes and the file.
  const bodyBytes = utf8Encode(canonicalize(body));
  const digestBytes = computeDigest(
    digestAlg,
    concatBytes(ascii('{"body":'), bodyBytes, ascii(',"header":'), headerBytes, ascii('}')),
  );
  let signature = await signer.sign(digestBytes);
  // A hardware SM2 module may hand back DER; the file always carries raw r‖s.
  if (signer.alg === 'SM2-SM3' && signature.length !== 64) signature = sm2SignatureFromDer(signature);
  if (signature.length !== 64) throw new Error(`${signer.alg} signer returned ${signature.length} bytes, expected 64`);
  const digest = toHex(digestBytes);
  const bytes = concatBytes(
    ascii('{"body":'),
    bodyBytes,
    ascii(`,"digest":"${digest}","header":`),
    headerBytes,
    ascii(`,"signature":"${toBase64url(signature)}"}`),
  );
  return { bytes, digest, header, body };
}

const ascii = (text: string): Uint8Array => utf8Encode(text);

export interface KeyRef {
  keyId: string;
  alg: SignatureAlg;
  /** The (not yet authenticated) header and body, e.g. for a self-signed request whose key is in the body. */
  header: Readonly<Record<string, unknown>>;
  body: unknown;
}

/** Returns the base64url public key for keyId, or null when the key is unknown or revoked. */
export type PublicKeyResolver = (ref: KeyRef) => string | null | Promise<string | null>;

export interface OpenOptions {
  format: string;
  /** Files longer than this are refused before anything is parsed. */
  maxBytes: number;
  resolvePublicKey: PublicKeyResolver;
  /** Defaults to the software verifier; pass a certified module's verifier where required. */
  verifier?: Verifier;
}

export interface Opened {
  ok: true;
  header: Record<string, unknown> & SignedHeaderBase;
  body: unknown;
  digest: string;
  /** The public key the signature was checked against. */
  publicKey: string;
}

export const SUPPORTED_VERSION = 1;

/** Receipts, certificates, enrolment requests and pull requests are small: anything larger is refused unread. */
export const SMALL_DOCUMENT_MAX_BYTES = 64 * 1024;

export interface SmallDocumentOptions {
  maxBytes?: number;
  resolvePublicKey?: PublicKeyResolver;
  /** The server's public key, when it is the only acceptable signer. */
  publicKey?: string;
  verifier?: Verifier;
}

/** Opens a small signed document of `format`, then checks its body (`bodyProblem` returns null when it is fine). */
export async function openSmallDocument(
  bytes: Uint8Array,
  format: string,
  options: SmallDocumentOptions,
  bodyProblem: (body: unknown) => string | null,
): Promise<Opened | Rejection> {
  const opened = await openDocument(bytes, {
    format,
    maxBytes: options.maxBytes ?? SMALL_DOCUMENT_MAX_BYTES,
    resolvePublicKey: resolverFrom(options),
    verifier: options.verifier,
  });
  if (!opened.ok) return opened;
  const problem = bodyProblem(opened.body);
  return problem ? reject('MALFORMED', problem) : opened;
}

/** Uses the resolver when given, else accepts exactly `publicKey`, else no key at all (UNKNOWN_KEY). */
export function resolverFrom(options: { resolvePublicKey?: PublicKeyResolver; publicKey?: string }): PublicKeyResolver {
  if (options.resolvePublicKey) return options.resolvePublicKey;
  const key = options.publicKey ?? null;
  return () => key;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function openDocument(bytes: Uint8Array, options: OpenOptions): Promise<Opened | Rejection> {
  if (bytes.length > options.maxBytes) return reject('TOO_LARGE', `${bytes.length} bytes > limit ${options.maxBytes}`);

  let text: string;
  let parsed: unknown;
  try {
    text = utf8DecodeStrict(bytes);
    parsed = JSON.parse(text);
  } catch (e) {
    return reject('MALFORMED', e instanceof EncodingError ? e.message : `not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) return reject('MALFORMED', 'the top level is not a JSON object');
  const keys = Object.keys(parsed).sort();
  if (keys.length !== ENVELOPE_FIELDS.length || keys.some((k, i) => k !== ENVELOPE_FIELDS[i])) {
    return reject(
      'MALFORMED',
      `the top level must have exactly ${ENVELOPE_FIELDS.join(', ')}; found ${keys.join(', ')}`,
    );
  }
  const { header, body, digest, signature } = parsed;
  if (!isRecord(header)) return reject('MALFORMED', 'header is not an object');

  if (header.format !== options.format)
    return reject(
      'UNKNOWN_FORMAT',
      `format ${JSON.stringify(header.format)}, expected ${JSON.stringify(options.format)}`,
    );
  if (typeof header.version !== 'number') return reject('MALFORMED', 'header.version is not a number');
  if (header.version !== SUPPORTED_VERSION)
    return reject('UNSUPPORTED_VERSION', `version ${header.version}; this reader supports ${SUPPORTED_VERSION}`);

  let headerText: string;
  let bodyText: string;
  try {
    headerText = canonicalize(header);
    bodyText = canonicalize(body);
  } catch (e) {
    if (e instanceof CanonicalJsonError) return reject('MALFORMED', e.message);
    throw e;
  }
  if (typeof digest !== 'string' || typeof signature !== 'string')
    return reject('MALFORMED', 'digest and signature must be strings');
  const tail = `,"digest":${JSON.stringify(digest)},"header":${headerText},"signature":${JSON.stringify(signature)}}`;
  const canonical = `{"body":${bodyText}${tail}`;
  if (canonical !== text)
    return reject(
      'NON_CANONICAL',
      `the text differs from its canonical form first at character ${firstDifference(canonical, text)}`,
    );

  const { alg, digestAlg, keyId } = header;
  if (!isSignatureAlg(alg)) return reject('UNKNOWN_ALG', `signature algorithm ${JSON.stringify(alg)}`);
  if (digestAlg !== DIGEST_ALG_FOR[alg])
    return reject(
      'UNKNOWN_ALG',
      `digest algorithm ${JSON.stringify(digestAlg)} with ${alg}; expected ${DIGEST_ALG_FOR[alg]}`,
    );
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 128)
    return reject('MALFORMED', 'header.keyId must be a string of 1–128 characters');
  if (!/^[0-9a-f]{64}$/.test(digest)) return reject('MALFORMED', 'digest is not 64 lowercase hex digits');
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = fromBase64url(signature);
  } catch (e) {
    return reject('MALFORMED', `signature: ${(e as Error).message}`);
  }
  if (signatureBytes.length !== 64)
    return reject('MALFORMED', `signature is ${signatureBytes.length} bytes, expected 64`);

  // The file is canonical, so its bytes are '{"body":' + body + tail: the signed bytes reuse the body's bytes.
  const bodyEnd = bytes.length - utf8Encode(tail).length;
  const signedBytes = concatBytes(bytes.subarray(0, bodyEnd), utf8Encode(`,"header":${headerText}}`));
  const digestBytes = computeDigest(DIGEST_ALG_FOR[alg], signedBytes);
  if (toHex(digestBytes) !== digest)
    return reject(
      'DIGEST_MISMATCH',
      `${digestAlg} of {body, header} is ${toHex(digestBytes)}, the file says ${digest}`,
    );

  const publicKey = await options.resolvePublicKey({ keyId, alg, header, body });
  if (publicKey === null) return reject('UNKNOWN_KEY', `no ${alg} public key for keyId ${keyId}`);
  const verifier = options.verifier ?? softwareVerifier;
  if (!(await verifier.verify(alg, publicKey, fromHex(digest), signatureBytes))) {
    return reject('BAD_SIGNATURE', `the ${alg} signature does not verify with key ${keyId}`);
  }
  return { ok: true, header: header as Opened['header'], body, digest, publicKey };
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
