/** Digests used by the signed formats: SHA-256 (FIPS 180-4) and SM3 (GB/T 32905-2016), both 32 bytes. */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { sm3 as smSm3 } from 'sm-crypto-v2';
import { fromHex } from './encoding';

export type DigestAlg = 'SHA-256' | 'SM3';

export function sha256(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(nobleSha256(bytes));
}

export function sm3(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return fromHex(smSm3(bytes));
}

export function digest(alg: DigestAlg, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return alg === 'SM3' ? sm3(bytes) : sha256(bytes);
}
