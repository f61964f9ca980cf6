/**
 * SM2 signatures with SM3 (GB/T 32918.2-2016, GB/T 35276-2017) via sm-crypto-v2, user id `1234567812345678`
 * (GM/T 0009 default), so e = SM3(Z_A ‖ message). Our wire form is raw r‖s (64 bytes); OpenSSL speaks DER.
 */
import { sm2 as smSm2 } from 'sm-crypto-v2';
import { EncodingError, fromBase64url, fromHex, toBase64url, toHex } from './encoding';
import { SM2_DEFAULT_USER_ID, publicKeyBytes } from './signing';

/** Order n of the SM2 base point. */
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

export function generateSm2KeyPair(): { publicKey: string; privateKey: string } {
  const pair = smSm2.generateKeyPairHex();
  return {
    publicKey: toBase64url(fromHex(pair.publicKey)),
    privateKey: toBase64url(fromHex(pair.privateKey.padStart(64, '0'))),
  };
}

export function sm2PrivateKeyHex(privateKey: string): string {
  const d = fromBase64url(privateKey);
  if (d.length !== 32) throw new EncodingError('an SM2 private key is a 32-byte scalar');
  const n = BigInt('0x' + toHex(d));
  if (n < 1n || n >= SM2_N - 1n) throw new EncodingError('SM2 private key out of range');
  return toHex(d);
}

export function sm2PublicKeyFromPrivate(privateKey: string): string {
  return toBase64url(fromHex(smSm2.getPublicKeyFromPrivateKey(sm2PrivateKeyHex(privateKey))));
}

/** A 65-byte `04‖x‖y` key whose point lies on the SM2 curve (a well-formed length alone proves nothing). */
export function sm2PublicKeyOnCurve(publicKey: string): boolean {
  try {
    return smSm2.verifyPublicKey(toHex(publicKeyBytes('SM2-SM3', publicKey)));
  } catch {
    return false;
  }
}

/** Signs with a private key given as hex (see sm2PrivateKeyHex); publicKeyHex avoids recomputing it every time. */
export function sm2Sign(privateKeyHex: string, publicKeyHex: string, message: Uint8Array): Uint8Array<ArrayBuffer> {
  const sigHex = smSm2.doSignature(message, privateKeyHex, {
    hash: true,
    publicKey: publicKeyHex,
    userId: SM2_DEFAULT_USER_ID,
  });
  return fromHex(sigHex);
}

type PrecomputedPoint = ReturnType<typeof smSm2.precomputePublicKey>;
const pointCache = new Map<string, PrecomputedPoint>();
const POINT_CACHE_LIMIT = 1024;

export function sm2Verify(publicKey: string, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const r = BigInt('0x' + toHex(signature.subarray(0, 32)));
  const s = BigInt('0x' + toHex(signature.subarray(32)));
  // GB/T 32918.2 §7.1 B1–B2: r, s ∈ [1, n−1]. The library does not check this itself.
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  try {
    let point = pointCache.get(publicKey);
    if (!point) {
      const hex = toHex(publicKeyBytes('SM2-SM3', publicKey));
      if (!smSm2.verifyPublicKey(hex)) return false;
      point = smSm2.precomputePublicKey(hex);
      if (pointCache.size >= POINT_CACHE_LIMIT) pointCache.clear();
      pointCache.set(publicKey, point);
    }
    return smSm2.doVerifySignature(message, toHex(signature), point, { hash: true, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}

/** Raw 64-byte r‖s → DER SEQUENCE { INTEGER r, INTEGER s } (what OpenSSL and GM/T 0009 use). */
export function sm2SignatureToDer(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  if (raw.length !== 64) throw new EncodingError('an SM2 r‖s signature is 64 bytes');
  const int = (b: Uint8Array): number[] => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const body = [...b.subarray(i)];
    if (body[0]! & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const seq = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  return new Uint8Array([0x30, seq.length, ...seq]);
}

/** Strict DER → raw 64-byte r‖s; throws EncodingError on anything that is not minimal DER of two positive INTEGERs. */
export function sm2SignatureFromDer(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const fail = (why: string): never => {
    throw new EncodingError(`not a DER SM2 signature: ${why}`);
  };
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) fail('bad SEQUENCE header');
  const out = new Uint8Array(64);
  let p = 2;
  for (const half of [0, 1]) {
    if (der[p] !== 0x02) fail('INTEGER expected');
    const len = der[p + 1]!;
    const body = der.subarray(p + 2, p + 2 + len);
    if (len < 1 || len > 33 || body.length !== len) fail('bad INTEGER length');
    if (body[0]! & 0x80) fail('negative INTEGER');
    if (len > 1 && body[0] === 0 && !(body[1]! & 0x80)) fail('non-minimal INTEGER');
    const value = len === 33 ? (body[0] === 0 ? body.subarray(1) : fail('INTEGER too large')) : body;
    out.set(value, half * 32 + 32 - value.length);
    p += 2 + len;
  }
  if (p !== der.length) fail('trailing bytes');
  return out;
}
