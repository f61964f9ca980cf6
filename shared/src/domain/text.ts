/** Text clean-up shared by validation, credit codes and spreadsheet header matching. */

/** Full-width letters, digits, punctuation and the ideographic space become their ASCII forms (NFKC). */
export function toHalfWidth(s: string): string {
  return s.normalize('NFKC');
}

/** Removes every kind of whitespace, including the ideographic space and non-breaking spaces. */
export function stripSpaces(s: string): string {
  return s.replace(/[\s\u3000\u00a0\ufeff]+/g, '');
}

/** Counts characters as a clerk counts them: one per code point, so a rare CJK character is one, not two. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Characters a stored text may not hold. PostgreSQL `text` and `jsonb` cannot hold NUL (U+0000: "unsupported Unicode
 * escape sequence"), and the other C0 controls except tab, line feed and carriage return are never typed on purpose:
 * they come from pasted binary or broken spreadsheets. Normalisation strips them; validation refuses what is left
 * (a value that skipped normalisation, e.g. an op from a forged client).
 */
// eslint-disable-next-line no-control-regex
const UNHOLDABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `s` without the control characters no store can hold (NUL and the like). */
export function stripUnholdable(s: string): string {
  return s.replace(UNHOLDABLE, '');
}

export function hasUnholdable(s: string): boolean {
  UNHOLDABLE.lastIndex = 0;
  const found = UNHOLDABLE.test(s);
  UNHOLDABLE.lastIndex = 0;
  return found;
}

/** Half of a UTF-16 surrogate pair without its other half: no UTF-8 store can hold it, and it cannot be signed. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

export type BadTextCode = 'CONTROL_CHARACTER' | 'LONE_SURROGATE';

/** The first string anywhere in a JSON value (keys included) that cannot be stored, or null. */
export function findBadText(value: unknown): BadTextCode | null {
  if (typeof value === 'string') return badText(value);
  if (Array.isArray(value)) {
    for (const x of value) {
      const bad = findBadText(x);
      if (bad) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      const bad = badText(k) ?? findBadText(x);
      if (bad) return bad;
    }
  }
  return null;
}

function badText(s: string): BadTextCode | null {
  if (hasLoneSurrogate(s)) return 'LONE_SURROGATE';
  return hasUnholdable(s) ? 'CONTROL_CHARACTER' : null;
}
