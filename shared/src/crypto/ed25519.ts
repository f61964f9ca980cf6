/**
 * Ed25519 through WebCrypto (globalThis.crypto.subtle: Node ≥ 20, Chromium, Electron) — several times faster than
 * a pure-JS implementation. WebCrypto cannot import a raw private seed, so the seed is wrapped in the fixed
 * RFC 8410 PKCS#8 prefix: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }.
 */
import { concatBytes, fromBase64url, toBase64url, EncodingError } from './encoding';
import { publicKeyBytes } from './signing';

const ALGORITHM = { name: 'Ed25519' } as const;
const PKCS8_SEED_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s)
    throw new Error(
      'WebCrypto (globalThis.crypto.subtle) is not available: Ed25519 needs Node ≥ 20, Chromium or Electron',
    );
  return s;
}

export async function importEd25519PrivateKey(seed: Uint8Array): Promise<CryptoKey> {
  if (seed.length !== 32) throw new EncodingError('an Ed25519 private key is a 32-byte seed');
  return subtle().importKey('pkcs8', concatBytes(PKCS8_SEED_PREFIX, seed), ALGORITHM, false, ['sign']);
}

export async function importEd25519PublicKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', raw, ALGORITHM, true, ['verify']);
}

/** A fresh key pair as base64url seed + raw public key. */
export async function generateEd25519KeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await subtle().generateKey(ALGORITHM, true, ['sign', 'verify']);
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { publicKey: toBase64url(raw), privateKey: toBase64url(pkcs8.subarray(pkcs8.length - 32)) };
}

/** The base64url public key of a seed. */
export async function ed25519PublicKeyFromSeed(seed: Uint8Array): Promise<string> {
  // WebCrypto has no "derive public key", but an extractable private key exports as a JWK carrying x (base64url).
  const key = await subtle().importKey('pkcs8', concatBytes(PKCS8_SEED_PREFIX, seed), ALGORITHM, true, ['sign']);
  const jwk = await subtle().exportKey('jwk', key);
  if (!jwk.x) throw new Error('WebCrypto did not export the Ed25519 public key');
  return jwk.x;
}

export async function ed25519Sign(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign(ALGORITHM, key, Uint8Array.from(message)));
}

/** Caches imported public keys: a server verifies many packages from the same few thousand devices. */
const publicKeyCache = new Map<string, Promise<CryptoKey>>();
const PUBLIC_KEY_CACHE_LIMIT = 4096;

export async function ed25519Verify(publicKey: string, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false;
  let key = publicKeyCache.get(publicKey);
  if (!key) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = publicKeyBytes('Ed25519', publicKey);
    } catch {
      return false;
    }
    key = importEd25519PublicKey(raw);
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(publicKey, key);
  }
  try {
    return await subtle().verify(ALGORITHM, await key, Uint8Array.from(signature), Uint8Array.from(message));
  } catch {
    publicKeyCache.delete(publicKey);
    return false;
  }
}

export function ed25519SeedFromBase64url(privateKey: string): Uint8Array<ArrayBuffer> {
  const seed = fromBase64url(privateKey);
  if (seed.length !== 32) throw new EncodingError('an Ed25519 private key is a 32-byte seed');
  return seed;
}
