/**
 * The way out of a refused package whose ops are the problem (scope, schema, poison text, an illegal status move,
 * a record rule …): the refused seq was never accepted, so the device unseals it and every later package, holds
 * back the offending ops with the server's reason (待处理的修改) and seals the rest again under the same seq.
 *
 * Which ops offend: those the refusal names (`opId`, `opIds`, `problems[].opId` or `problems[].index` in the refused
 * package); for a scope refusal without names, the ops outside the county the server holds the device to; for
 * reference data, the ops of that entity. When nothing is named, the whole refused package is held back, so even an
 * unforeseen refusal is never a dead end — the clerk sees each change with the reason and fixes or discards it.
 */
import type { EntityName, Op } from '../change/op';
import { isEntityName } from '../domain/registry';
import { checkOpScope, OFFICE_LEVELS, type OfficeLevel, type OfficeScope } from '../domain/scope';
import type { SyncErrorCode } from './errors';
import type { HoldPlan, HoldReason } from './held';
import type { SealedPackageRecord } from './ports';

export interface Refusal {
  code: SyncErrorCode;
  /** The server's code, upper snake case (normalizeServerCode). */
  serverCode: string | undefined;
  detail: Record<string, unknown>;
}

/** Refusals about the file, the device or the chain: holding ops back cannot help (they have their own way out). */
const NOT_ABOUT_OPS = new Set([
  'MALFORMED',
  'UNKNOWN_FORMAT',
  'UNSUPPORTED_VERSION',
  'NON_CANONICAL',
  'UNKNOWN_ALG',
  'DIGEST_MISMATCH',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'COUNT_MISMATCH',
  'KEY_MISMATCH',
  'CERT_NOT_YET_VALID',
  'CERT_EXPIRED',
  'WRONG_KIND',
  'SEQ_GAP',
  'TOO_LARGE',
]);

export function isOpRefusal(r: Refusal): boolean {
  if (r.code === 'OUT_OF_SCOPE') return true;
  return r.code === 'REJECTED' && r.serverCode !== undefined && !NOT_ABOUT_OPS.has(r.serverCode);
}

/** The ops a sealed package carries (our own bytes: canonical JSON, body.ops). */
export function opsOfPackage(pkg: SealedPackageRecord): Op[] {
  const doc = JSON.parse(new TextDecoder().decode(pkg.bytes)) as { body?: { ops?: Op[] } };
  return doc.body?.ops ?? [];
}

/** The hold-back plan for a refusal of package refusedSeq (pending: it and every later unacknowledged package). */
export function planRefusalHold(
  refusal: Refusal,
  refusedSeq: number,
  pending: readonly SealedPackageRecord[],
): HoldPlan | null {
  if (!isOpRefusal(refusal)) return null;
  const refused = pending.find((p) => p.seq === refusedSeq);
  if (!refused) return null;
  const refusedOps = opsOfPackage(refused);
  const all = pending.flatMap(opsOfPackage);
  const code = kebab(refusal.serverCode ?? refusal.code);
  const d = refusal.detail;
  const reasonFor = (op: Op, field?: unknown): HoldReason => ({
    code,
    by: 'server',
    county: op.county,
    ...(typeof field === 'string' ? { field } : {}),
    ...(serverWords(d.serverMessage) ? { detail: serverWords(d.serverMessage) } : {}),
  });

  const named = new Map<string, HoldReason>();
  const byId = new Map(all.map((op) => [op.opId, op]));
  const name = (op: Op | undefined, field?: unknown): void => {
    if (op && !named.has(op.opId)) named.set(op.opId, reasonFor(op, field));
  };
  const problems = Array.isArray(d.problems) ? (d.problems as Record<string, unknown>[]) : [];
  for (const p of problems) {
    if (typeof p !== 'object' || p === null) continue;
    if (typeof p.opId === 'string') name(byId.get(p.opId), p.field);
    else if (typeof p.index === 'number') name(refusedOps[p.index], p.field);
  }
  if (typeof d.opId === 'string') name(byId.get(d.opId), d.field);
  if (Array.isArray(d.opIds)) for (const id of d.opIds) if (typeof id === 'string') name(byId.get(id));

  if (named.size === 0 && typeof d.found === 'string') for (const op of all) if (op.county === d.found) name(op);
  if (named.size === 0 && typeof d.entity === 'string' && isEntityName(d.entity))
    for (const op of all) if (op.entity === (d.entity as EntityName)) name(op);
  if (named.size === 0) {
    const scope = serverScope(d);
    if (scope) for (const op of all) if (checkOpScope(scope, op)) name(op);
  }
  // Nothing named: the whole refused package waits for the clerk (never a dead end).
  if (named.size === 0) for (const op of refusedOps) name(op);
  if (named.size === 0) return null;
  return {
    fromSeq: refusedSeq,
    hold: [...named].map(([opId, reason]) => ({ opId, reason })),
    release: [],
    drop: [],
  };
}

/** The scope the server holds the device to, when the refusal says (a level and scope, or the device's county). */
function serverScope(d: Record<string, unknown>): OfficeScope | null {
  if (typeof d.scope === 'string' && OFFICE_LEVELS.includes(d.level as OfficeLevel))
    return { level: d.level as OfficeLevel, code: d.scope };
  // A county code (six digits, not a city's or the province's …00): the server holds the device to that county.
  if (typeof d.deviceCounty === 'string' && /^13\d{2}(?!00)\d{2}$/.test(d.deviceCounty))
    return { level: 'county', code: d.deviceCounty };
  return null;
}

function serverWords(message: unknown): string | undefined {
  if (typeof message === 'string') return message;
  const zh = (message as { zh?: unknown } | null)?.zh;
  return typeof zh === 'string' ? zh : undefined;
}

const kebab = (code: string): string => code.toLowerCase().replace(/_/g, '-');
