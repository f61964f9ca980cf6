/**
 * Hebei's division tree (province → 11 cities → county-level units and functional zones → townships),
 * from the committed extract data/hebei-divisions.json (made by build/extract-divisions.mjs).
 * Parents are implied by code prefixes: city = 4 digits + "00", county = first 6 digits of a township code.
 */
import data from './data/hebei-divisions.json';

export type DivisionLevel = 'province' | 'city' | 'county' | 'township';
/** district 市辖区 (xx01–20), county 县 (21–70), zone 功能区 (71–80, statistics only), countyCity 县级市 (81–99). */
export type DivisionKind = 'province' | 'city' | 'district' | 'county' | 'zone' | 'countyCity' | 'township';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: DivisionKind;
  /** Code of the parent; null for the province. */
  parent: string | null;
  /** 辛集 and 定州: administered directly by the province although their codes sit under a city. */
  provinceAdministered?: true;
}

export interface DivisionGroup {
  id: string;
  name: string;
  note: string;
  counties: readonly string[];
}

export const DIVISION_SOURCE = data.source;
export const PROVINCE_CODE = data.province.code;
/** Areas without a code of their own, e.g. 雄安新区 = 雄县 + 容城 + 安新. */
export const DIVISION_GROUPS: readonly DivisionGroup[] = data.groups;

interface Index {
  byCode: Map<string, Division>;
  children: Map<string, Division[]>;
}
let index: Index | null = null;

function build(): Index {
  const byCode = new Map<string, Division>();
  const children = new Map<string, Division[]>();
  const add = (d: Division): void => {
    byCode.set(d.code, d);
    if (d.parent !== null) {
      const list = children.get(d.parent) ?? [];
      list.push(d);
      children.set(d.parent, list);
    }
  };
  const provAdmin = new Set<string>(data.provinceAdministered);
  add({ code: data.province.code, name: data.province.name, level: 'province', kind: 'province', parent: null });
  for (const [code, name] of Object.entries(data.cities as Record<string, string>)) {
    add({ code, name, level: 'city', kind: 'city', parent: PROVINCE_CODE });
  }
  for (const [code, name] of Object.entries(data.counties as Record<string, string>)) {
    const d: Division = { code, name, level: 'county', kind: countyKind(code), parent: `${code.slice(0, 4)}00` };
    if (provAdmin.has(code)) d.provinceAdministered = true;
    add(d);
  }
  for (const [code, name] of Object.entries(data.townships as Record<string, string>)) {
    add({ code, name, level: 'township', kind: 'township', parent: code.slice(0, 6) });
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { byCode, children };
}

function idx(): Index {
  index ??= build();
  return index;
}

function countyKind(code: string): DivisionKind {
  const n = Number(code.slice(4, 6));
  if (n <= 20) return 'district';
  if (n <= 70) return 'county';
  if (n <= 80) return 'zone';
  return 'countyCity';
}

export function getDivision(code: string): Division | undefined {
  return idx().byCode.get(code);
}

export function cities(): Division[] {
  return [...(idx().children.get(PROVINCE_CODE) ?? [])];
}

/** County-level units of a city; functional zones are included unless `zones: false`. */
export function countiesOf(cityCode: string, opts: { zones?: boolean } = {}): Division[] {
  const list = idx().children.get(cityCode) ?? [];
  return opts.zones === false ? list.filter((d) => d.kind !== 'zone') : [...list];
}

export function townshipsOf(countyCode: string): Division[] {
  return [...(idx().children.get(countyCode) ?? [])];
}

/** Every county-level unit of Hebei (167), plus the 23 functional zones unless `zones: false`. */
export function countyLevelUnits(opts: { zones?: boolean } = {}): Division[] {
  return cities().flatMap((c) => countiesOf(c.code, opts));
}

export function allTownships(): Division[] {
  return countyLevelUnits().flatMap((c) => townshipsOf(c.code));
}

/** True for a known county-level code, functional zones included (county staff may belong to one). */
export function isCountyLevel(code: string): boolean {
  return getDivision(code)?.level === 'county';
}

export function isTownship(code: string): boolean {
  return getDivision(code)?.level === 'township';
}

/** The county-level code a county or township code belongs to; null for the province, cities and unknown codes. */
export function countyOf(code: string): string | null {
  const d = getDivision(code);
  if (!d) return null;
  if (d.level === 'county') return d.code;
  if (d.level === 'township') return d.parent;
  return null;
}

/** The city a county or township code lies in (by code; 辛集 → 石家庄, 定州 → 保定). */
export function cityOf(code: string): string | null {
  const d = getDivision(code);
  if (!d || d.level === 'province') return null;
  return d.level === 'city' ? d.code : `${code.slice(0, 4)}00`;
}

/** The chain from the province down to the code, e.g. 河北省 / 保定市 / 高阳县. Empty for an unknown code. */
export function divisionPath(code: string): Division[] {
  const path: Division[] = [];
  for (let d = getDivision(code); d; d = d.parent === null ? undefined : getDivision(d.parent)) path.unshift(d);
  return path;
}

export function pathLabels(code: string): string[] {
  return divisionPath(code).map((d) => d.name);
}

export function pathLabel(code: string, separator = '/'): string {
  return pathLabels(code).join(separator);
}

/** The groups (e.g. 雄安新区) a county-level code belongs to. */
export function groupsOf(code: string): DivisionGroup[] {
  return DIVISION_GROUPS.filter((g) => g.counties.includes(code));
}
