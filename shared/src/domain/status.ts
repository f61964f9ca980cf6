/**
 * The life of a technology demand, and who may move it.
 *   draft → county_verified → reported → matching → matched → project_approved → solved
 *   any open state → closed (withdrawn, duplicate, no longer needed)
 *   draft / county_verified / reported → returned → draft (sent back for correction)
 */
import { opt, type Bilingual, type EnumOption } from './schema';

export const DEMAND_STATUSES = [
  'draft',
  'county_verified',
  'reported',
  'matching',
  'matched',
  'project_approved',
  'solved',
  'closed',
  'returned',
] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const ROLES = ['township', 'county', 'city', 'province'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, Bilingual>> = {
  township: { zh: '乡镇专干', en: 'Township clerk' },
  county: { zh: '县级科技管理员', en: 'County S&T officer' },
  city: { zh: '市级科技管理员', en: 'City S&T officer' },
  province: { zh: '省级科技管理员', en: 'Provincial S&T officer' },
};

export const DEMAND_STATUS_OPTIONS: readonly EnumOption[] = [
  opt('draft', '草稿', 'Draft', ['未提交', '待核实']),
  opt('county_verified', '县级核实', 'Verified by county', ['已核实', '县级已核实']),
  opt('reported', '已上报', 'Reported', ['上报']),
  opt('matching', '对接中', 'Matching'),
  opt('matched', '已对接', 'Matched'),
  opt('project_approved', '已立项', 'Project approved', ['立项']),
  opt('solved', '已解决', 'Solved', ['解决']),
  opt('closed', '已关闭', 'Closed', ['关闭']),
  opt('returned', '退回', 'Returned', ['已退回']),
];

export function statusLabel(s: DemandStatus): Bilingual {
  return DEMAND_STATUS_OPTIONS.find((o) => o.code === s)!.labels;
}

export interface Transition {
  from: DemandStatus;
  to: DemandStatus;
  roles: readonly Role[];
}

const OFFICERS: readonly Role[] = ['county', 'city', 'province'];
const ABOVE_COUNTY: readonly Role[] = ['city', 'province'];

export const DEMAND_TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'county_verified', roles: ['county'] },
  { from: 'draft', to: 'returned', roles: ['county'] },
  { from: 'draft', to: 'closed', roles: ['county'] },
  { from: 'returned', to: 'draft', roles: ['township', 'county'] },
  { from: 'county_verified', to: 'reported', roles: ['county'] },
  { from: 'county_verified', to: 'returned', roles: ['county'] },
  { from: 'county_verified', to: 'closed', roles: ['county'] },
  { from: 'reported', to: 'matching', roles: OFFICERS },
  { from: 'reported', to: 'returned', roles: ABOVE_COUNTY },
  { from: 'reported', to: 'closed', roles: OFFICERS },
  { from: 'matching', to: 'matched', roles: OFFICERS },
  { from: 'matching', to: 'closed', roles: OFFICERS },
  { from: 'matched', to: 'project_approved', roles: OFFICERS },
  { from: 'matched', to: 'solved', roles: OFFICERS },
  { from: 'matched', to: 'closed', roles: OFFICERS },
  { from: 'project_approved', to: 'solved', roles: OFFICERS },
  { from: 'project_approved', to: 'closed', roles: OFFICERS },
];

export function isDemandStatus(s: unknown): s is DemandStatus {
  return typeof s === 'string' && (DEMAND_STATUSES as readonly string[]).includes(s);
}

export function isRole(r: unknown): r is Role {
  return typeof r === 'string' && (ROLES as readonly string[]).includes(r);
}

export function canTransition(from: DemandStatus, to: DemandStatus, role: Role): boolean {
  return checkTransition(from, to, role).ok;
}

/** Statuses `role` may move a demand to from `from`. */
export function allowedTransitions(from: DemandStatus, role: Role): DemandStatus[] {
  return DEMAND_TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role)).map((t) => t.to);
}

export type TransitionErrorCode =
  'STATUS_UNKNOWN' | 'ROLE_UNKNOWN' | 'STATUS_UNCHANGED' | 'STATUS_TRANSITION_NOT_ALLOWED' | 'STATUS_ROLE_NOT_ALLOWED';

export interface TransitionError {
  code: TransitionErrorCode;
  from: string;
  to: string;
  role: string;
  /** For STATUS_ROLE_NOT_ALLOWED: who may make this move instead. */
  allowedRoles?: Role[];
  message: Bilingual;
}

export type TransitionResult = { ok: true } | { ok: false; error: TransitionError };

/** Says whether the move is allowed and, if not, why, naming the statuses and who could do it. */
export function checkTransition(from: string, to: string, role: string): TransitionResult {
  const base = { from, to, role };
  if (!isDemandStatus(from) || !isDemandStatus(to)) {
    const bad = isDemandStatus(from) ? to : from;
    return refuse({
      ...base,
      code: 'STATUS_UNKNOWN',
      message: { zh: `没有「${bad}」这个状态`, en: `Unknown status "${bad}"` },
    });
  }
  if (!isRole(role)) {
    return refuse({
      ...base,
      code: 'ROLE_UNKNOWN',
      message: { zh: `没有「${role}」这个角色`, en: `Unknown role "${role}"` },
    });
  }
  const f = statusLabel(from);
  const t = statusLabel(to);
  if (from === to) {
    return refuse({
      ...base,
      code: 'STATUS_UNCHANGED',
      message: { zh: `需求已经是「${f.zh}」状态`, en: `The demand is already "${f.en}"` },
    });
  }
  const move = DEMAND_TRANSITIONS.find((x) => x.from === from && x.to === to);
  if (!move) {
    const next = DEMAND_TRANSITIONS.filter((x) => x.from === from).map((x) => statusLabel(x.to));
    const nextZh = next.length ? `，只能改为${next.map((l) => `「${l.zh}」`).join('、')}` : '，该状态已结束';
    const nextEn = next.length ? `; it can go to ${next.map((l) => `"${l.en}"`).join(', ')}` : '; this status is final';
    return refuse({
      ...base,
      code: 'STATUS_TRANSITION_NOT_ALLOWED',
      message: {
        zh: `「${f.zh}」的需求不能直接改为「${t.zh}」${nextZh}`,
        en: `A "${f.en}" demand cannot go to "${t.en}"${nextEn}`,
      },
    });
  }
  if (!move.roles.includes(role)) {
    const who = move.roles.map((r) => ROLE_LABELS[r]);
    return refuse({
      ...base,
      code: 'STATUS_ROLE_NOT_ALLOWED',
      allowedRoles: [...move.roles],
      message: {
        zh: `${ROLE_LABELS[role].zh}不能把需求从「${f.zh}」改为「${t.zh}」，请由${who.map((w) => w.zh).join('或')}操作`,
        en: `A ${ROLE_LABELS[role].en.toLowerCase()} cannot move a demand from "${f.en}" to "${t.en}"; ask a ${who.map((w) => w.en.toLowerCase()).join(' or ')}`,
      },
    });
  }
  return { ok: true };
}

function refuse(error: TransitionError): TransitionResult {
  return { ok: false, error };
}
