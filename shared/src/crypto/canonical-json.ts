/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *  - object members sorted by their names' UTF-16 code units, no whitespace;
 *  - numbers in ECMAScript Number.prototype.toString form (what JSON.stringify writes), -0 as 0;
 *  - strings escaped exactly as JSON.stringify does;
 *  - the result is UTF-8.
 * Values JSON cannot carry faithfully are refused with a CanonicalJsonError instead of being dropped or changed:
 * NaN/±Infinity, undefined, functions, symbols, bigints, non-plain objects (Date, Map, typed arrays…), cycles,
 * and strings with lone surrogates (UTF-8 cannot encode them; RFC 8785 requires I-JSON).
 */
import { utf8Encode } from './encoding';

export type CanonicalJsonErrorCode = 'NON_FINITE_NUMBER' | 'UNDEFINED' | 'UNSUPPORTED_TYPE' | 'LONE_SURROGATE' | 'CYCLE';

export class CanonicalJsonError extends Error {
  constructor(
    readonly code: CanonicalJsonErrorCode,
    /** JSON-pointer-like location of the offending value, e.g. `/body/ops/3/value`. */
    readonly path: string,
    detail: string,
  ) {
    super(`${detail} at ${path || '/'} (${code})`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalize(value: unknown): string {
  return write(value, '', new Set<object>());
}

export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8Encode(canonicalize(value));
}

function writeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError('LONE_SURROGATE', path, 'string contains a lone surrogate');
  return JSON.stringify(s);
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('NON_FINITE_NUMBER', path, `${String(value)} is not a JSON number`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      throw new CanonicalJsonError('UNDEFINED', path, 'undefined is not a JSON value (omit the member instead)');
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.has(value)) throw new CanonicalJsonError('CYCLE', path, 'value contains itself');
      ancestors.add(value);
      const out = Array.isArray(value) ? writeArray(value, path, ancestors) : writeObject(value, path, ancestors);
      ancestors.delete(value);
      return out;
    }
    default:
      throw new CanonicalJsonError('UNSUPPORTED_TYPE', path, `a ${typeof value} is not a JSON value`);
  }
}

function writeArray(items: unknown[], path: string, ancestors: Set<object>): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i], `${path}/${i}`, ancestors);
  }
  return out + ']';
}

function writeObject(obj: object, path: string, ancestors: Set<object>): string {
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError('UNSUPPORTED_TYPE', path, `a ${obj.constructor?.name ?? 'non-plain'} object is not a JSON value`);
  }
  const record = obj as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const memberPath = `${path}/${key}`;
    if (i > 0) out += ',';
    out += writeString(key, memberPath) + ':' + write(record[key], memberPath, ancestors);
  }
  return out + '}';
}
