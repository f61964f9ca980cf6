import { isCountyLevel } from '@shared/domain/divisions';
import { errors } from '../http/errors.js';
import { enrolErrors } from './errors.js';

export function assertCounty(county: unknown): asserts county is string {
  if (typeof county !== 'string' || !isCountyLevel(county)) throw enrolErrors.countyUnknown(String(county));
}

export function requireString(input: Record<string, unknown>, name: string, pattern?: RegExp, max = 200): string {
  const value = input[name];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || (pattern && !pattern.test(value))) {
    throw errors.invalidRequest(`"${name}" is missing or malformed`);
  }
  return value;
}

export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

export function asObject(input: unknown, what: string): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw errors.invalidRequest(`${what} must be a JSON object`);
  return input as Record<string, unknown>;
}
