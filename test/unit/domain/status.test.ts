import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  checkStatusEdit,
  checkStatusMove,
  checkTransition,
  reachableStatuses,
  DEMAND_STATUSES,
  DEMAND_STATUS_OPTIONS,
  ROLES,
  type DemandStatus,
  type Role,
} from '@shared/domain/status';
import { getField } from '@shared/domain';

/**
 * The spec, written out move by move: from → to → who may do it. A county office verifies and reports, and organises
 * 对接 locally (on to 已立项 and 已解决); only a city or the province sends a reported demand back.
 */
const SPEC: Record<string, Role[]> = {
  'draft→county_verified': ['county'],
  'draft→returned': ['county'],
  'draft→closed': ['county'],
  'returned→draft': ['township', 'county'],
  'county_verified→reported': ['county'],
  'county_verified→returned': ['county'],
  'county_verified→closed': ['county'],
  'reported→matching': ['county', 'city', 'province'],
  'reported→returned': ['city', 'province'],
  'reported→closed': ['county', 'city', 'province'],
  'matching→matched': ['county', 'city', 'province'],
  'matching→closed': ['county', 'city', 'province'],
  'matched→project_approved': ['county', 'city', 'province'],
  'matched→solved': ['county', 'city', 'province'],
  'matched→closed': ['county', 'city', 'province'],
  'project_approved→solved': ['county', 'city', 'province'],
  'project_approved→closed': ['county', 'city', 'province'],
};

describe('technology demand status machine', () => {
  it('has stable English codes with Chinese labels', () => {
    expect(DEMAND_STATUS_OPTIONS.map((o) => `${o.code}=${o.labels.zh}`)).toEqual([
      'draft=草稿',
      'county_verified=县级核实',
      'reported=已上报',
      'matching=对接中',
      'matched=已对接',
      'project_approved=已立项',
      'solved=已解决',
      'closed=已关闭',
      'returned=退回',
    ]);
    expect(getField('demand', 'status')).toMatchObject({ kind: 'enum', system: true, default: 'draft' });
  });

  it('allows exactly the moves in the spec, each only to its roles', () => {
    for (const from of DEMAND_STATUSES) {
      for (const to of DEMAND_STATUSES) {
        for (const role of ROLES) {
          const allowed = SPEC[`${from}→${to}`]?.includes(role) ?? false;
          expect(canTransition(from, to, role), `${role}: ${from} → ${to}`).toBe(allowed);
        }
      }
    }
  });

  it('lists the moves a role may make from a status', () => {
    expect(allowedTransitions('draft', 'township')).toEqual([]);
    expect(allowedTransitions('draft', 'county')).toEqual(['county_verified', 'returned', 'closed']);
    expect(allowedTransitions('returned', 'township')).toEqual(['draft']);
    expect(allowedTransitions('reported', 'province')).toEqual(['matching', 'returned', 'closed']);
    expect(allowedTransitions('reported', 'county')).toEqual(['matching', 'closed']);
  });

  it('solved and closed are final', () => {
    for (const role of ROLES) {
      expect(allowedTransitions('solved', role)).toEqual([]);
      expect(allowedTransitions('closed', role)).toEqual([]);
    }
  });

  it('refuses a move that does not exist with STATUS_TRANSITION_NOT_ALLOWED and says where it can go', () => {
    const r = checkTransition('reported', 'draft', 'province');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('STATUS_TRANSITION_NOT_ALLOWED');
    expect(r.error.message.zh).toBe('「已上报」的需求不能直接改为「草稿」，只能改为「对接中」、「退回」、「已关闭」');
  });

  it('refuses a township clerk verifying a draft with STATUS_ROLE_NOT_ALLOWED, naming who may', () => {
    const r = checkTransition('draft', 'county_verified', 'township');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('STATUS_ROLE_NOT_ALLOWED');
    expect(r.error.allowedRoles).toEqual(['county']);
    expect(r.error.message.zh).toBe('乡镇专干不能把需求从「草稿」改为「县级核实」，请由县级科技管理员操作');
  });

  it('refuses a county returning a reported demand (only city or province may)', () => {
    const r = checkTransition('reported', 'returned', 'county');
    expect(r.ok || r.error.code).toBe('STATUS_ROLE_NOT_ALLOWED');
    expect(r.ok || r.error.allowedRoles).toEqual(['city', 'province']);
  });

  it('refuses unknown statuses, unknown roles and no-op moves with their own codes', () => {
    expect(checkTransition('draft', 'approved', 'county')).toMatchObject({
      ok: false,
      error: { code: 'STATUS_UNKNOWN' },
    });
    expect(checkTransition('draft', 'county_verified', 'mayor')).toMatchObject({
      ok: false,
      error: { code: 'ROLE_UNKNOWN' },
    });
    expect(checkTransition('draft', 'draft', 'county')).toMatchObject({
      ok: false,
      error: { code: 'STATUS_UNCHANGED' },
    });
  });

  it('every status can be reached from draft', () => {
    const reach = new Set<DemandStatus>(['draft']);
    const queue: DemandStatus[] = ['draft'];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const role of ROLES) {
        for (const to of allowedTransitions(from, role)) {
          if (!reach.has(to)) {
            reach.add(to);
            queue.push(to);
          }
        }
      }
    }
    expect([...reach].sort()).toEqual([...DEMAND_STATUSES].sort());
  });
});

describe('checkStatusMove: the one status rule for every writer and the server', () => {
  it('a county office may not jump a draft to solved; the refusal names where a draft can go', () => {
    const r = checkStatusMove({ from: 'draft', to: 'solved', level: 'county' });
    expect(r).toMatchObject({ ok: false, error: { code: 'STATUS_TRANSITION_NOT_ALLOWED' } });
  });

  it('reported → returned is refused for a county office and allowed (with its reason) for a city office', () => {
    expect(checkStatusMove({ from: 'reported', to: 'returned', level: 'county', reason: '信息不实' })).toMatchObject({
      ok: false,
      error: { code: 'STATUS_ROLE_NOT_ALLOWED' },
    });
    expect(checkStatusMove({ from: 'reported', to: 'returned', level: 'city', reason: '信息不实' })).toEqual({
      ok: true,
    });
  });

  it('a county office carries its own demand through 对接 to 已立项 and 已解决 (organised locally)', () => {
    for (const [from, to] of [
      ['reported', 'matching'],
      ['matching', 'matched'],
      ['matched', 'project_approved'],
      ['project_approved', 'solved'],
    ] as const)
      expect(checkStatusMove({ from, to, level: 'county' }), `${from} → ${to}`).toEqual({ ok: true });
  });

  it('every move to 退回 or 关闭 needs a reason (审核意见); blank is no reason', () => {
    for (const to of ['returned', 'closed'] as const) {
      for (const reason of [undefined, null, '', '   ']) {
        const r = checkStatusMove({ from: 'county_verified', to, level: 'county', reason });
        expect(r.ok || r.error.code, `${to} with ${String(reason)}`).toBe('STATUS_REASON_REQUIRED');
      }
      expect(checkStatusMove({ from: 'county_verified', to, level: 'county', reason: '企业已撤回' })).toEqual({
        ok: true,
      });
    }
    const r = checkStatusMove({ from: 'draft', to: 'closed', level: 'county' });
    expect(r.ok || r.error.message).toEqual({
      zh: '把需求改为「已关闭」须填写审核意见，说明原因',
      en: 'Moving a demand to "Closed" needs a review note saying why',
    });
  });

  it('the reason does not excuse an illegal move: the table is checked first', () => {
    const r = checkStatusMove({ from: 'solved', to: 'closed', level: 'province', reason: '重复' });
    expect(r.ok || r.error.code).toBe('STATUS_TRANSITION_NOT_ALLOWED');
  });

  it('a new demand starts in 草稿, or in a status its office could have brought it to itself', () => {
    expect(checkStatusMove({ from: null, to: 'draft', level: 'city' })).toEqual({ ok: true });
    expect(checkStatusMove({ from: null, to: 'reported', level: 'county' })).toEqual({ ok: true });
    const r = checkStatusMove({ from: undefined, to: 'reported', level: 'city' });
    expect(r.ok || r.error.code).toBe('STATUS_INITIAL_NOT_ALLOWED');
    expect(r.ok || r.error.message.zh).toBe('市级科技管理员不能新建「已上报」状态的需求，请先按「草稿」录入');
    expect(reachableStatuses('township')).toEqual(['draft']);
    expect(reachableStatuses('city')).toEqual(['draft']);
  });

  it('checkStatusEdit checks a save: only when it writes the status, with the reason from the same save', () => {
    const before = { status: 'reported', reviewNote: '旧意见' };
    expect(checkStatusEdit('demand', before, { name: '改名' }, 'county')).toEqual({ ok: true });
    expect(checkStatusEdit('enterprise', before, { status: 'x' }, 'county')).toEqual({ ok: true });
    // The reason already on the record from an earlier save is not this move's reason.
    const r = checkStatusEdit('demand', before, { status: 'closed' }, 'county');
    expect(r.ok || r.error.code).toBe('STATUS_REASON_REQUIRED');
    expect(checkStatusEdit('demand', before, { status: 'closed', reviewNote: '企业已自行解决' }, 'county')).toEqual({
      ok: true,
    });
    expect(checkStatusEdit('demand', undefined, { status: 'solved' }, 'city')).toMatchObject({ ok: false });
  });
});
