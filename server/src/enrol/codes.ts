// One-time enrolment codes: shown once to the admin, stored only as a SHA-256 hash.
import { createHash, randomInt } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import { errors } from '../http/errors.js';
import { assertCounty } from './validate.js';

/** No 0/O, 1/I/L: the code is read aloud over the phone and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface IssuedCode {
  code: string;
  county: string;
  expiresAt: string;
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

export function generateCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export const MAX_CODE_HOURS = 24 * 30;

export async function issueEnrolCode(pool: Pool, county: string, hours = 72): Promise<IssuedCode> {
  assertCounty(county);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CODE_HOURS) {
    throw errors.invalidRequest(`hours must be between 1 and ${MAX_CODE_HOURS}`);
  }
  const code = generateCode();
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO enrol_codes (code_hash, county, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
    [hashCode(code), county, hours * 3600],
  );
  return { code, county, expiresAt: rows[0]!.expires_at.toISOString() };
}
