// Signing and verifying with the key encodings of shared/src/crypto/signing.ts (base64url, unpadded):
// Ed25519 public key = 32 raw bytes, private key = 32-byte seed, signature = 64 bytes.
// Local stand-in written against the same Signer/Verifier shape until shared/src/crypto is committed.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export type SignatureAlg = 'Ed25519' | 'SM2-SM3';
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['Ed25519', 'SM2-SM3'];

export interface KeyPair {
  alg: SignatureAlg;
  publicKey: string;
  privateKey: string;
}

export interface Signer {
  readonly alg: SignatureAlg;
  readonly keyId: string;
  readonly publicKey: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export const isSignatureAlg = (v: unknown): v is SignatureAlg => v === 'Ed25519' || v === 'SM2-SM3';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64url');

/** Whether `publicKey` decodes to a key of `alg` (length and point prefix). */
export function isPublicKey(alg: SignatureAlg, publicKey: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(publicKey)) return false;
  const bytes = unb64(publicKey);
  return alg === 'Ed25519' ? bytes.length === 32 : bytes.length === 65 && bytes[0] === 0x04;
}

/** First 16 bytes of SHA-256 over the raw public key, as hex (the shared keyIdFor). */
export function keyIdFor(publicKey: string): string {
  return createHash('sha256').update(unb64(publicKey)).digest('hex').slice(0, 32);
}

export function generateEd25519KeyPair(): KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { alg: 'Ed25519', publicKey: jwk.x!, privateKey: jwk.d! };
}

export function createEd25519Signer(pair: KeyPair): Signer {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pair.publicKey, d: pair.privateKey }, format: 'jwk' });
  return {
    alg: 'Ed25519',
    keyId: keyIdFor(pair.publicKey),
    publicKey: pair.publicKey,
    sign: (message) => Promise.resolve(new Uint8Array(sign(null, message, key))),
  };
}

/** true only for a valid signature; false for a bad signature, key, encoding or an algorithm this build cannot check. */
export function verifySignature(alg: SignatureAlg, publicKey: string, message: Uint8Array, signature: string): boolean {
  if (alg !== 'Ed25519' || !isPublicKey(alg, publicKey)) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, message, key, unb64(signature));
  } catch {
    return false;
  }
}

export const toBase64url = b64;
