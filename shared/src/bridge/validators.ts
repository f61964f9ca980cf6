/**
 * Small hand-written runtime validators for desktop-bridge payloads. A validator returns the checked value
 * (typed) or throws BridgePayloadError naming the offending path and a stable reason, so a bad payload is
 * refused with a specific message before any host code runs.
 */

export type PayloadReason =
  | 'not-object'
  | 'unknown-field'
  | 'missing-field'
  | 'not-string'
  | 'empty-string'
  | 'too-short'
  | 'too-long'
  | 'bad-format'
  | 'not-boolean'
  | 'not-integer'
  | 'out-of-range'
  | 'not-array'
  | 'too-many-items'
  | 'not-allowed-value'
  | 'unexpected-argument';

export class BridgePayloadError extends Error {
  readonly code = 'BRIDGE_BAD_PAYLOAD';
  constructor(
    /** Where in the payload, e.g. `args.fileName` or `result.path`. */
    readonly path: string,
    readonly reason: PayloadReason,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'BridgePayloadError';
  }
}

export type Validator<T> = (value: unknown, path: string) => T;

const fail = (path: string, reason: PayloadReason, detail: string): never => {
  throw new BridgePayloadError(path, reason, detail);
};

export interface StringRules {
  /** Maximum length in UTF-16 code units. Every string is bounded; the default is 4096. */
  max?: number;
  min?: number;
  pattern?: RegExp;
  /** Human description of the pattern for the error message. */
  patternName?: string;
}

export function str(rules: StringRules = {}): Validator<string> {
  const max = rules.max ?? 4096;
  const min = rules.min ?? 0;
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, 'not-string', `expected a string, got ${typeName(value)}`);
    if (value.length < min)
      return value.length === 0
        ? fail(path, 'empty-string', 'must not be empty')
        : fail(path, 'too-short', `must be at least ${min} characters`);
    if (value.length > max) return fail(path, 'too-long', `must be at most ${max} characters (got ${value.length})`);
    if (rules.pattern && !rules.pattern.test(value))
      return fail(path, 'bad-format', `is not ${rules.patternName ?? `matching ${String(rules.pattern)}`}`);
    return value;
  };
}

export function int(min: number, max: number): Validator<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return fail(path, 'not-integer', `expected an integer, got ${typeName(value)}`);
    if (value < min || value > max)
      return fail(path, 'out-of-range', `must be between ${min} and ${max} (got ${value})`);
    return value;
  };
}

export function oneOf<const T extends readonly string[]>(allowed: T): Validator<T[number]> {
  return (value, path) =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? (value as T[number])
      : fail(path, 'not-allowed-value', `must be one of ${allowed.join(', ')}`);
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (value, path) => (value === null ? null : inner(value, path));
}

export function arrayOf<T>(inner: Validator<T>, maxItems: number): Validator<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'not-array', `expected a list, got ${typeName(value)}`);
    if (value.length > maxItems)
      return fail(path, 'too-many-items', `must have at most ${maxItems} items (got ${value.length})`);
    return value.map((item, i) => inner(item, `${path}[${i}]`));
  };
}

type Shape = Record<string, Validator<unknown>>;
export type ShapeOf<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** A plain object with exactly these fields: unknown fields are refused (no smuggled data), missing ones too. */
export function obj<S extends Shape>(shape: S): Validator<ShapeOf<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail(path, 'not-object', `expected an object, got ${typeName(value)}`);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return fail(path, 'not-object', 'expected a plain object');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record))
      if (!Object.hasOwn(shape, key)) fail(`${path}.${key}`, 'unknown-field', 'is not a known field');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      if (!Object.hasOwn(record, key)) fail(`${path}.${key}`, 'missing-field', 'is required');
      out[key] = check(record[key], `${path}.${key}`);
    }
    return out as ShapeOf<S>;
  };
}

/** No argument: `undefined` (IPC) or `null` (JSON over HTTP) only. */
export const none: Validator<void> = (value, path) => {
  if (value !== undefined && value !== null) fail(path, 'unexpected-argument', 'takes no argument');
};

// ---- domain-specific strings ----

/** Standard base64 (RFC 4648 §4) with padding; bounded by `maxBytes` of decoded data. */
export function base64(maxBytes: number): Validator<string> {
  const maxChars = Math.ceil(maxBytes / 3) * 4;
  return str({
    max: maxChars,
    pattern: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
    patternName: 'standard base64',
  });
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const FILE_NAME_FORBIDDEN = /[\u0000-\u001f<>:"/\\|?*]/;

/** A bare file name (no folder part), safe on Windows and Linux. */
export const fileName: Validator<string> = (value, path) => {
  const name = str({ min: 1, max: 200 })(value, path);
  if (FILE_NAME_FORBIDDEN.test(name))
    return fail(path, 'bad-format', 'must be a bare file name without folders or the characters < > : " / \\ | ? *');
  if (name === '.' || name === '..' || name.endsWith('.') || name.endsWith(' ') || name.startsWith(' '))
    return fail(path, 'bad-format', 'is not a usable file name');
  if (WINDOWS_RESERVED.test(name)) return fail(path, 'bad-format', 'is a reserved device name on Windows');
  return name;
};

/** A MIME type such as `application/json` or `text/csv`. */
export const mimeType = str({
  min: 3,
  max: 127,
  pattern: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i,
  patternName: 'a MIME type like text/csv',
});

/** A file-picker filter entry: an extension like `.xlsx` or a MIME type like `text/csv`. */
export const acceptEntry = str({
  min: 2,
  max: 127,
  pattern: /^(\.[a-z0-9]{1,16}|[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+)$/i,
  patternName: 'an extension like .xlsx or a MIME type',
});

/** An absolute path (Windows `C:\…`, UNC `\\server\…` or POSIX `/…`), without NUL characters. */
export const absolutePath: Validator<string> = (value, path) => {
  const p = str({ min: 1, max: 1024 })(value, path);
  if (p.includes('\u0000')) return fail(path, 'bad-format', 'must not contain NUL characters');
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p)) return fail(path, 'bad-format', 'must be an absolute path');
  return p;
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
