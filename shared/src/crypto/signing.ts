/**
 * Crypto agility: every signed LinkDesk file names its signature algorithm, and signing/verifying goes through
 * these two interfaces so a certified module (密评 level 3: an SM2 signing card, a server cipher machine) can stand
 * in for the software implementations without any format change.
 *
 * Key and signature encodings (base64url, unpadded):
 *  - Ed25519 (RFC 8032): public key = the 32 raw bytes; private key = the 32-byte seed; signature = 64 bytes.
 *  - SM2-SM3 (GB/T 32918.2 with SM3, user id `1234567812345678`): public key = 65 bytes `04‖x‖y`;
 *    private key = the 32-byte scalar d; signature = 64 bytes `r‖s` (each 32 bytes big-endian). OpenSSL and
 *    GM/T 0009 use DER `SEQUENCE { r INTEGER, s INTEGER }`: convert with sm2SignatureToDer / sm2SignatureFromDer.
 */
import { type DigestAlg, sha256 } from './digest';
import { toHex, fromBase64url, EncodingError } from './encoding';

export type SignatureAlg = 'Ed25519' | 'SM2-SM3';
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['Ed25519', 'SM2-SM3'];

/** The digest each signature algorithm pairs with in our formats. */
export const DIGEST_ALG_FOR: Readonly<Record<SignatureAlg, DigestAlg>> = { Ed25519: 'SHA-256', 'SM2-SM3': 'SM3' };

export const SM2_DEFAULT_USER_ID = '1234567812345678';

export function isSignatureAlg(value: unknown): value is SignatureAlg {
  return value === 'Ed25519' || value === 'SM2-SM3';
}

export interface Signer {
  readonly alg: SignatureAlg;
  /** Names the key to verifiers (normally keyIdFor(publicKey)); a lookup hint only, never trusted by itself. */
  readonly keyId: string;
  /** base64url public key in the encoding above. */
  readonly publicKey: string;
  /** Signs `message` as-is (Ed25519: PureEdDSA; SM2: e = SM3(Z_A ‖ message)) and returns the raw signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface Verifier {
  /** true only for a valid signature; false (never a throw) for a bad signature, key or encoding. */
  verify(alg: SignatureAlg, publicKey: string, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface KeyPair {
  alg: SignatureAlg;
  /** base64url, see encodings above. */
  publicKey: string;
  /** base64url, see encodings above. Keep it secret: only the device's host process should ever hold it. */
  privateKey: string;
}

const PUBLIC_KEY_LENGTH: Record<SignatureAlg, number> = { Ed25519: 32, 'SM2-SM3': 65 };

/** Decodes and length-checks a public key; throws EncodingError when it cannot be one of `alg`. */
export function publicKeyBytes(alg: SignatureAlg, publicKey: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64url(publicKey);
  if (bytes.length !== PUBLIC_KEY_LENGTH[alg] || (alg === 'SM2-SM3' && bytes[0] !== 0x04)) {
    throw new EncodingError(`not an ${alg} public key`);
  }
  return bytes;
}

/**
 * The standard key id: the first 16 bytes of SHA-256 over the raw public key bytes, as 32 lowercase hex digits.
 * (SHA-256 for both algorithms so the id of a key never depends on who computes it.)
 */
export function keyIdFor(alg: SignatureAlg, publicKey: string): string {
  return toHex(sha256(publicKeyBytes(alg, publicKey)).subarray(0, 16));
}
