import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

/** A fresh per-launch token: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal, so the length leaks nothing either). */
export function tokensEqual(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * The shell's token, kept in a 0600 file in the data folder so that a restarted shell accepts the pages it served
 * before (they reconnect by themselves instead of failing with BRIDGE_FORBIDDEN). Made afresh when the file is
 * missing or does not hold a token.
 */
export function persistentToken(file: string): string {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (TOKEN_SHAPE.test(kept)) return kept;
  } catch {
    // none yet: made below
  }
  const token = generateToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
