/**
 * The life of a technology demand, and who may move it.
 *   draft → county_verified → reported → matching → matched → project_approved → solved
 *   any open state → closed (withdrawn, duplicate, no longer needed)
 *   draft / county_verified / reported → returned → draft (sent back for correction)
 *
 * What a county office may do (decided here, said the same in 设置 and enforced by the server on ingest): it
 * verifies and reports its own demands, and it organises 对接 locally, so it may carry a reported demand on through
 * 对接中 / 已对接 / 已立项 to 已解决, or close it. It may not send back a demand once reported: returning a reported
 * demand is the city's or the province's review. A city or provincial office never verifies a county's draft.
 *
 * A move to 退回 or 关闭 carries its reason (审核意见) in the demand's `reviewNote`, written in the same save, so the
 * history shows why.
 */
import type { EntityName, JsonValue } from '../change/op';
import { opt, type Bilingual, type EnumOption } from './schema';
import type { OfficeLevel } from './office-level';

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
  | 'STATUS_UNKNOWN'
  | 'ROLE_UNKNOWN'
  | 'STATUS_UNCHANGED'
  | 'STATUS_TRANSITION_NOT_ALLOWED'
  | 'STATUS_ROLE_NOT_ALLOWED'
  | 'STATUS_REASON_REQUIRED'
  | 'STATUS_INITIAL_NOT_ALLOWED';

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

/** The demand field that holds the reason (审核意见) of a move to 退回 or 关闭. */
export const STATUS_REASON_FIELD = 'reviewNote';
/** Moves to these statuses need a reason written in the same save. */
export const STATUSES_NEEDING_REASON: readonly DemandStatus[] = ['returned', 'closed'];
/** Where every demand starts. */
export const INITIAL_STATUS: DemandStatus = 'draft';

/** The statuses an office of `role` can bring a new demand to by its own moves from 草稿 (草稿 included). */
export function reachableStatuses(role: Role): DemandStatus[] {
  const reach: DemandStatus[] = [INITIAL_STATUS];
  for (let i = 0; i < reach.length; i++)
    for (const to of allowedTransitions(reach[i]!, role)) if (!reach.includes(to)) reach.push(to);
  return reach;
}

export interface StatusMove {
  /** The status the editor saw; null or undefined for a new record. */
  from: string | null | undefined;
  to: string;
  /** The office level of the device (from its certificate), or a township clerk's role. */
  level: OfficeLevel | Role;
  /** The reason written in the same save (the record's `reviewNote` after the save). */
  reason?: JsonValue;
}

/**
 * THE status rule for every writer: the renderer's repositories, the headless client and the server on ingest.
 * A move must be in the table for the level; a move to 退回 or 关闭 needs its reason in the same save. A new record
 * starts in 草稿, or in a status its office could have brought it to itself (an import of an older list).
 */
export function checkStatusMove(move: StatusMove): TransitionResult {
  const { from, to, level } = move;
  if (from === null || from === undefined || from === '') {
    if (!isDemandStatus(to)) return checkTransition(INITIAL_STATUS, to, level);
    if (!isRole(level))
      return refuse({
        code: 'ROLE_UNKNOWN',
        from: '',
        to,
        role: level,
        message: { zh: `没有「${level}」这个角色`, en: `Unknown role "${level}"` },
      });
    if (!reachableStatuses(level).includes(to)) {
      const t = statusLabel(to);
      return refuse({
        code: 'STATUS_INITIAL_NOT_ALLOWED',
        from: '',
        to,
        role: level,
        message: {
          zh: `${ROLE_LABELS[level].zh}不能新建「${t.zh}」状态的需求，请先按「草稿」录入`,
          en: `A ${ROLE_LABELS[level].en.toLowerCase()} cannot create a demand as "${t.en}"; record it as a draft first`,
        },
      });
    }
  } else {
    const verdict = checkTransition(from, to, level);
    if (!verdict.ok) return verdict;
  }
  return checkReason(from ?? '', to, level, move.reason);
}

function checkReason(from: string, to: string, role: string, reason: JsonValue | undefined): TransitionResult {
  if (!(STATUSES_NEEDING_REASON as readonly string[]).includes(to)) return { ok: true };
  if (typeof reason === 'string' && reason.trim() !== '') return { ok: true };
  const t = statusLabel(to as DemandStatus);
  return refuse({
    code: 'STATUS_REASON_REQUIRED',
    from,
    to,
    role,
    message: {
      zh: `把需求改为「${t.zh}」须填写审核意见，说明原因`,
      en: `Moving a demand to "${t.en}" needs a review note saying why`,
    },
  });
}

/** Entities whose status field follows the state machine above. */
export const STATUS_FIELDS: Partial<Readonly<Record<EntityName, string>>> = { demand: 'status' };

/**
 * The status rule applied to one save of a record: `before` is the record as the editor saw it (undefined for a new
 * one), `edits` the fields the save writes. Nothing to check when the save leaves the status alone. The reason must
 * be written by the same save (keep `reviewNote` among the edits even when its text is unchanged).
 */
export function checkStatusEdit(
  entity: EntityName,
  before: Readonly<Record<string, JsonValue | undefined>> | undefined,
  edits: Readonly<Record<string, JsonValue | undefined>>,
  level: OfficeLevel | Role,
): TransitionResult {
  const field = STATUS_FIELDS[entity];
  if (!field || !(field in edits)) return { ok: true };
  const from = before?.[field];
  return checkStatusMove({
    from: typeof from === 'string' ? from : null,
    to: String(edits[field] ?? ''),
    level,
    reason: edits[STATUS_REASON_FIELD],
  });
}
