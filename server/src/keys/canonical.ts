// Canonical JSON for signing (sorted members, no whitespace). For the string/number/boolean bodies signed here
// it produces the same bytes as RFC 8785 (shared/src/crypto/canonical-json.ts, which replaces this once committed).
export function canonicalize(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in signed body');
    if (value === undefined) throw new Error('undefined in signed body');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
}

export const canonicalBytes = (value: unknown): Uint8Array => new TextEncoder().encode(canonicalize(value));
