import { isCountyLevel } from '@shared/domain/divisions';
import { errors } from '../http/errors.js';
import { isSignatureAlg, publicKeyBytes, sm2PublicKeyOnCurve, type SignatureAlg } from '@shared/crypto';
import { enrolErrors } from './errors.js';

export function assertCounty(county: unknown): asserts county is string {
  if (typeof county !== 'string' || !isCountyLevel(county)) throw enrolErrors.countyUnknown(String(county));
}

export function requireString(input: Record<string, unknown>, name: string, pattern?: RegExp, max = 200): string {
  const value = input[name];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || (pattern && !pattern.test(value))) {
    throw errors.invalidRequest(`"${name}" is missing or malformed`);
  }
  return value;
}

export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

export function requireKey(input: Record<string, unknown>): { alg: SignatureAlg; publicKey: string } {
  if (!isSignatureAlg(input.alg)) throw enrolErrors.unsupportedAlg(input.alg);
  const publicKey = input.publicKey;
  if (typeof publicKey !== 'string' || !isPublicKey(input.alg, publicKey)) throw enrolErrors.invalidPublicKey();
  return { alg: input.alg, publicKey };
}

export function asObject(input: unknown, what: string): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw errors.invalidRequest(`${what} must be a JSON object`);
  return input as Record<string, unknown>;
}

/** The right length for the algorithm and, for SM2, a point on the curve. */
function isPublicKey(alg: SignatureAlg, publicKey: string): boolean {
  try {
    publicKeyBytes(alg, publicKey);
    return alg !== 'SM2-SM3' || sm2PublicKeyOnCurve(publicKey);
  } catch {
    return false;
  }
}
