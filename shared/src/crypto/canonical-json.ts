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

export type CanonicalJsonErrorCode =
  'NON_FINITE_NUMBER' | 'UNDEFINED' | 'UNSUPPORTED_TYPE' | 'LONE_SURROGATE' | 'CYCLE' | 'TOO_DEEP';

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
/** Nesting limit; also how cycles are noticed cheaply (a cycle always gets this deep). */
export const MAX_DEPTH = 200;

/*
 * How: JSON.stringify already writes numbers and strings exactly as RFC 8785 wants, and is an order of magnitude
 * faster than concatenating in JS. So the value is checked and copied with members inserted in sorted order,
 * then stringified natively. The one thing native key order cannot express is an object with array-index keys
 * ("7", "2024"): engines always put those first, in numeric order; such objects are written by hand.
 * The fast walk keeps no path; when it fails, a second, slower walk finds where and why.
 */
export function canonicalize(value: unknown): string {
  let out: string;
  try {
    out = writeValue(value, 0);
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    throw locateProblem(value) ?? new CanonicalJsonError(e.code, '', e.detail);
  }
  // Well-formed JSON.stringify escapes lone surrogates as \udxxx; only then is the exact scan needed.
  if (out.includes('\\ud')) {
    const problem = locateProblem(value);
    if (problem) throw problem;
  }
  return out;
}

export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8Encode(canonicalize(value));
}

class Failure {
  constructor(
    readonly code: CanonicalJsonErrorCode,
    readonly detail: string,
  ) {}
}

const HAND_WRITTEN = Symbol('hand-written');

function writeValue(value: unknown, depth: number): string {
  const copy = sortedCopy(value, depth);
  return copy === HAND_WRITTEN ? writeByHand(value, depth) : JSON.stringify(copy);
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** The problem with a value itself (not its members), if any. */
function problemOf(value: unknown, depth: number): Failure | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : new Failure('NON_FINITE_NUMBER', `${String(value)} is not a JSON number`);
    case 'undefined':
      return new Failure('UNDEFINED', 'undefined is not a JSON value (omit the member instead)');
    case 'object': {
      if (value === null || Array.isArray(value)) break;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return new Failure(
          'UNSUPPORTED_TYPE',
          `a ${value.constructor?.name ?? 'non-plain'} object is not a JSON value`,
        );
      }
      break;
    }
    default:
      return new Failure('UNSUPPORTED_TYPE', `a ${typeof value} is not a JSON value`);
  }
  return depth >= MAX_DEPTH ? new Failure('TOO_DEEP', `nested deeper than ${MAX_DEPTH} levels`) : null;
}

/** A checked copy whose objects have their members inserted in RFC 8785 order, or HAND_WRITTEN (see above). */
function sortedCopy(value: unknown, depth: number): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  const problem = problemOf(value, depth);
  if (problem) throw problem;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i], depth + 1);
      if (item === HAND_WRITTEN) return HAND_WRITTEN;
      out[i] = item;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (isArrayIndex(key)) return HAND_WRITTEN;
    const member = sortedCopy(record[key], depth + 1);
    if (member === HAND_WRITTEN) return HAND_WRITTEN;
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return out;
}

/** One level written in JS; every member goes back through the fast path. */
function writeByHand(value: unknown, depth: number): string {
  if (Array.isArray(value)) return '[' + value.map((item) => writeValue(item, depth + 1)).join(',') + ']';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return '{' + keys.map((key) => JSON.stringify(key) + ':' + writeValue(record[key], depth + 1)).join(',') + '}';
}

/** The slow walk: the first problem in canonical order, with its path (or null when there is none). */
function locateProblem(value: unknown): CanonicalJsonError | null {
  const ancestors = new Set<object>();
  const visit = (v: unknown, path: string, depth: number): CanonicalJsonError | null => {
    if (typeof v === 'string')
      return LONE_SURROGATE.test(v)
        ? new CanonicalJsonError('LONE_SURROGATE', path, 'string contains a lone surrogate')
        : null;
    if (typeof v === 'object' && v !== null && ancestors.has(v))
      return new CanonicalJsonError('CYCLE', path, 'value contains itself');
    const problem = problemOf(v, depth);
    if (problem) return new CanonicalJsonError(problem.code, path, problem.detail);
    if (typeof v !== 'object' || v === null) return null;
    ancestors.add(v);
    try {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const found = visit(v[i], `${path}/${i}`, depth + 1);
          if (found) return found;
        }
        return null;
      }
      for (const key of Object.keys(v).sort()) {
        if (LONE_SURROGATE.test(key))
          return new CanonicalJsonError('LONE_SURROGATE', `${path}/${key}`, 'member name contains a lone surrogate');
        const found = visit((v as Record<string, unknown>)[key], `${path}/${key}`, depth + 1);
        if (found) return found;
      }
      return null;
    } finally {
      ancestors.delete(v);
    }
  };
  return visit(value, '', 0);
}
