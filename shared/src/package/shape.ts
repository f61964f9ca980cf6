/**
 * Shape checks for the signed formats. Each returns null when the value is acceptable, or a short English
 * description naming the path of the first problem. Unknown extra members are allowed (and stay signed):
 * a field a reader must understand comes with a version bump, never silently.
 */
import { ENTITY_NAMES } from '../change/op';

export type Problem = string | null;
export type Check = (value: unknown, path: string) => Problem;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `2026-11-28T20:14:30.123Z`: what Date.prototype.toISOString writes for years 0000–9999. */
export const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/**
 * GB/T 2260 code within Hebei: `13` (the province itself: province-owned data, and an online enrolment request that
 * leaves the county to its code) or a 6-digit code `13xxxx`. Whether a 6-digit code names a real county is the
 * reader's business (the divisions list), not the format's.
 */
export const DIVISION_CODE = /^13(\d{4})?$/;
export const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** The HLC string of shared/src/change/op.ts: ISO UTC millis, a 4-hex-digit counter, the 16-hex-digit node id. */
export const HLC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
export const BASE64URL = /^[A-Za-z0-9_-]*$/;

export const str =
  (pattern?: RegExp, maxLength = 1024): Check =>
  (v, path) => {
    if (typeof v !== 'string') return `${path} must be a string`;
    if (v.length === 0 || v.length > maxLength) return `${path} must have 1–${maxLength} characters`;
    if (pattern && !pattern.test(v)) return `${path} is not in the expected form`;
    return null;
  };

export const isoTime: Check = (v, path) =>
  str(ISO_UTC_MILLIS)(v, path) ?? (Number.isNaN(Date.parse(v as string)) ? `${path} is not a real time` : null);

export const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v, path) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `${path} must be an integer in [${min}, ${max}]`;

export const oneOf =
  (values: readonly unknown[]): Check =>
  (v, path) =>
    values.includes(v) ? null : `${path} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

export const nullable =
  (check: Check): Check =>
  (v, path) =>
    v === null ? null : check(v, path);

export const optional =
  (check: Check): Check =>
  (v, path) =>
    v === undefined ? null : check(v, path);

export const object =
  (fields: Record<string, Check>): Check =>
  (v, path) => {
    if (!isRecord(v)) return `${path} must be an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(v[name], `${path}.${name}`);
      if (problem) return problem;
    }
    return null;
  };

export const arrayOf =
  (item: Check, maxItems = Number.MAX_SAFE_INTEGER): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `${path} must be an array`;
    if (v.length > maxItems) return `${path} has more than ${maxItems} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

const any: Check = () => null;

export const opShape: Check = object({
  opId: str(UUID),
  entity: oneOf(ENTITY_NAMES),
  recordId: str(undefined, 128),
  field: str(undefined, 128),
  // value is any JSON value; the envelope has already proven it is JSON.
  value: (v, path) => (v === undefined ? `${path} is missing` : any(v, path)),
  hlc: str(HLC),
  baseHlc: nullable(str(HLC)),
  device: str(undefined, 128),
  operator: str(undefined, 128),
  county: str(DIVISION_CODE),
  schemaVersion: int(1),
  source: optional(
    object({
      kind: oneOf(['ui', 'import', 'resolve', 'system']),
      file: optional(str(undefined, 1024)),
      row: optional(int(0)),
    }),
  ),
});

export function checkOps(ops: unknown, path: string): Problem {
  return arrayOf(opShape)(ops, path);
}
