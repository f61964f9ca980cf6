// One-time enrolment codes: shown once to the admin, stored only as a SHA-256 hash.
import { createHash, randomInt } from 'node:crypto';
import { isSignatureAlg, type SignatureAlg } from '@shared/crypto';
import { officeScopeProblem, type OfficeLevel } from '@shared/domain/scope';
import type { Pool } from '../db/pool.js';
import { errors } from '../http/errors.js';
import { enrolErrors } from './errors.js';

/** No 0/O, 1/I/L: the code is read aloud over the phone and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface IssuedCode {
  code: string;
  /** The device's home code in its certificate: the scope's code (for a county office, its county). */
  county: string;
  level: OfficeLevel;
  scope: string;
  /** The signature algorithm the device must enrol with (the province's policy). */
  alg: SignatureAlg;
  expiresAt: string;
}

/** What a code grants. A bare county code (the older form) grants a county office of that county, with Ed25519. */
export interface EnrolGrant {
  level?: unknown;
  scope?: unknown;
  /** Older name of the scope of a county office. */
  county?: unknown;
  alg?: unknown;
}

export const DEFAULT_ALG: SignatureAlg = 'Ed25519';

/** Checks a grant: a known level with a scope of that level, and a supported algorithm. */
export function grantOf(input: string | EnrolGrant): { level: OfficeLevel; scope: string; alg: SignatureAlg } {
  const g: EnrolGrant = typeof input === 'string' ? { county: input } : input;
  const level = g.level ?? 'county';
  const scope = g.scope ?? g.county;
  const problem = officeScopeProblem(level, scope);
  if (problem) throw level === 'county' ? enrolErrors.countyUnknown(String(scope)) : enrolErrors.scopeInvalid(problem);
  const alg = g.alg ?? DEFAULT_ALG;
  if (!isSignatureAlg(alg)) throw enrolErrors.unsupportedAlg(alg);
  return { level: level as OfficeLevel, scope: scope as string, alg };
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

/** A one-time code for an office of a level and scope, and for a signature algorithm. */
export async function issueEnrolCode(pool: Pool, grant: string | EnrolGrant, hours = 72): Promise<IssuedCode> {
  const { level, scope, alg } = grantOf(grant);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CODE_HOURS) {
    throw errors.invalidRequest(`hours must be between 1 and ${MAX_CODE_HOURS}`);
  }
  const code = generateCode();
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO enrol_codes (code_hash, county, level, scope, alg, expires_at)
     VALUES ($1, $2, $3, $2, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
    [hashCode(code), scope, level, alg, hours * 3600],
  );
  return { code, county: scope, level, scope, alg, expiresAt: rows[0]!.expires_at.toISOString() };
}
