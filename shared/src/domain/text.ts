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
