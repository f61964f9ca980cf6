/**
 * An office's scope: what a device may write, and what it pulls. One rule for every writer and for the server:
 * the renderer's repositories and the import check a record's county with it, the sync engine holds back ops
 * outside it before sealing, and the server refuses them on ingest.
 *
 * A county office writes its own county; a city office its counties; the province every county. The scope
 * comes from the device certificate once the device is enrolled (from first-run set-up before that).
 */
import { cityOf, getDivision } from './divisions';
import { getSchema } from './registry';
import type { EntityName } from '../change/op';

import { OFFICE_LEVELS, type OfficeLevel } from './office-level';

export { OFFICE_LEVELS, type OfficeLevel } from './office-level';

/** The scope of the province-owned reference data (clusters, industries …) in an op's `county`. */
export const PROVINCE_SCOPE = '13';

export interface OfficeScope {
  level: OfficeLevel;
  /** GB/T 2260 code: the county (130628), the city (130600) or the province (130000). */
  code: string;
}

/** Whether a county-level code (or the province scope '13') lies inside the office's scope. */
export function countyInScope(scope: OfficeScope, county: string): boolean {
  if (county === PROVINCE_SCOPE) return scope.level === 'province';
  switch (scope.level) {
    case 'county':
      return county === scope.code;
    case 'city':
      return cityOf(county) === scope.code;
    case 'province':
      return county.startsWith(scope.code.slice(0, 2));
  }
}

export type ScopeProblem =
  /** The op's county lies outside the office's scope. */
  | { code: 'out-of-scope'; county: string }
  /** Reference data (clusters, industries …) is written by the province only. */
  | { code: 'province-owned'; entity: EntityName };

/** The one scope rule for an op: the sync engine before sealing, the server on ingest. */
export function checkOpScope(scope: OfficeScope, op: { entity: EntityName; county: string }): ScopeProblem | null {
  if (getSchema(op.entity).ownedBy === 'province' && scope.level !== 'province') {
    return { code: 'province-owned', entity: op.entity };
  }
  if (!countyInScope(scope, op.county)) return { code: 'out-of-scope', county: op.county };
  return null;
}

/**
 * The scope a device certificate grants. A certificate from before office levels names only its county:
 * such a device is a county office.
 */
export function scopeOfCertificate(body: { county: string; level?: OfficeLevel; scope?: string }): OfficeScope {
  return body.level && body.scope ? { level: body.level, code: body.scope } : { level: 'county', code: body.county };
}

/** The scope code of the provincial office (the province's six-digit code). */
export const PROVINCE_OFFICE_SCOPE = '130000';

export function isOfficeLevel(v: unknown): v is OfficeLevel {
  return typeof v === 'string' && (OFFICE_LEVELS as readonly string[]).includes(v);
}

/**
 * Why `scope` cannot be the scope of an office of `level` (a county office a county-level code, a city office a city
 * code, the province the province code), or null when it can. The province checks it before it issues an enrolment
 * code or a certificate.
 */
export function officeScopeProblem(level: unknown, scope: unknown): { zh: string; en: string } | null {
  if (!isOfficeLevel(level))
    return {
      zh: `没有「${String(level)}」这个单位层级（应为县级、市级或省级）`,
      en: `Unknown office level "${String(level)}"`,
    };
  if (level === 'province' && scope === PROVINCE_OFFICE_SCOPE) return null;
  const d = typeof scope === 'string' ? getDivision(scope) : undefined;
  if (level !== 'province' && d?.level === level) return null;
  const want = {
    county: { zh: '县级', en: 'county-level' },
    city: { zh: '设区市', en: 'city' },
    province: { zh: '省级', en: 'province' },
  }[level];
  return {
    zh: `「${String(scope)}」不是河北省的${want.zh}行政区划代码，不能作为${want.zh}单位的范围`,
    en: `"${String(scope)}" is not a Hebei ${want.en} division code, so it cannot be the scope of a ${level} office`,
  };
}
