/**
 * Server pull cursors: decimal digit strings assigned by the server, compared numerically (docs/sync-protocol.md).
 * A page moves the stored cursor only when it continues from it, so no op in between is ever skipped.
 */
export const START_CURSOR = '0';
const CURSOR_RE = /^(0|[1-9]\d*)$/;

export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && CURSOR_RE.test(value);
}

export function compareCursor(a: string, b: string): -1 | 0 | 1 {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The cursor after merging a page covering (from, to]: `to` if the page starts at or before `current`, else `current`. */
export function advanceCursor(current: string | null, range: { from: string; to: string }): string | null {
  const at = current ?? START_CURSOR;
  if (compareCursor(range.from, at) > 0) return current;
  if (compareCursor(range.to, at) <= 0) return current;
  return range.to;
}
