/**
 * Held-back changes (待处理的修改): outbox ops that are never sealed because they cannot be accepted as they are —
 * outside the device's scope (checked before sealing with the same rule the server uses), or named by a server
 * refusal (schema, poison text, an illegal status move …). They stay in the outbox, visible with their record and
 * reason, until the clerk fixes the record (the op is released, or a later op on the same field supersedes it) or
 * discards them. The rest of the outbox syncs.
 *
 * holdBack and discardHeld are pure, checked replica commands (like restamp), so a store that logs commands
 * replays them exactly and the Dexie store runs the very same rules.
 */
import { recordKey } from '../change/merge-state';
import type { EntityName, Op } from '../change/op';
import { checkOpScope, type OfficeScope } from '../domain/scope';
import { REASON_MESSAGES } from '../package/reasons';
import type { HeldOp, HoldPlan, HoldReason } from './held-types';
import { ReplicaCommandError, type ReplicaData } from './replica';

export type { HeldOp, HoldPlan, HoldReason } from './held-types';

export function heldOps(r: ReplicaData): HeldOp[] {
  const out: HeldOp[] = [];
  for (const e of r.outbox.values()) {
    if (!e.held) continue;
    const record = r.state.records.get(recordKey(e.op.entity, e.op.recordId));
    out.push({ op: e.op, reason: e.held, recordCounty: record?.county ?? null });
  }
  return out;
}

export function holdBack(r: ReplicaData, plan: HoldPlan): number {
  const { fromSeq } = plan;
  if (fromSeq !== null && fromSeq <= r.acknowledgedSeq)
    throw new ReplicaCommandError('SEAL_OUT_OF_ORDER', `seq ${fromSeq} was accepted by the server and stays sealed`);
  const unsealing = (seq: number | null): boolean => seq === null || (fromSeq !== null && seq >= fromSeq);
  for (const { opId } of plan.hold) {
    const e = r.outbox.get(opId);
    if (!e || !unsealing(e.seq))
      throw new ReplicaCommandError('SEAL_UNKNOWN_OP', `op ${opId} is not an unsealed or refused outbox op`);
  }
  for (const opId of [...plan.release.map((x) => x.opId), ...plan.drop]) {
    if (!r.outbox.get(opId)?.held) throw new ReplicaCommandError('SEAL_UNKNOWN_OP', `op ${opId} is not held back`);
  }
  if (fromSeq !== null) {
    const first = r.packages.get(fromSeq);
    for (const e of r.outbox.values()) if (e.seq !== null && e.seq >= fromSeq) e.seq = null;
    for (const seq of [...r.packages.keys()]) if (seq >= fromSeq) r.packages.delete(seq);
    if (first) r.tip = fromSeq > 1 && first.prevDigest ? { seq: fromSeq - 1, digest: first.prevDigest } : null;
  }
  for (const { opId, reason } of plan.hold) r.outbox.get(opId)!.held = { ...reason };
  for (const { opId, county } of plan.release) {
    const e = r.outbox.get(opId)!;
    e.op = { ...e.op, county };
    delete e.held;
  }
  for (const opId of plan.drop) r.outbox.delete(opId);
  return plan.hold.length;
}

/**
 * The clerk discards held changes (after a confirmation naming them): they leave the outbox for good. A record made
 * only of discarded changes (the stray enterprise that was never sent) leaves this device too; a record with other
 * values keeps them. Returns how many changes were discarded.
 */
export function discardHeld(r: ReplicaData, opIds: readonly string[]): number {
  for (const opId of opIds)
    if (!r.outbox.get(opId)?.held) throw new ReplicaCommandError('SEAL_UNKNOWN_OP', `op ${opId} is not held back`);
  const gone = new Set(opIds);
  const keys = new Set<string>();
  for (const opId of opIds) {
    const { op } = r.outbox.get(opId)!;
    keys.add(recordKey(op.entity, op.recordId));
    r.outbox.delete(opId);
  }
  for (const key of keys) {
    const record = r.state.records.get(key);
    if (record && Object.values(record.fields).every((f) => gone.has(f.opId))) r.state.records.delete(key);
  }
  return gone.size;
}

/** The problem with an op before sealing, as a hold reason (null: it may be sealed). */
export function scopeHold(scope: OfficeScope, op: { entity: EntityName; county: string }): HoldReason | null {
  const problem = checkOpScope(scope, op);
  if (!problem) return null;
  return problem.code === 'out-of-scope'
    ? { code: 'out-of-scope', county: problem.county }
    : { code: 'province-owned', county: op.county };
}

/**
 * Before sealing: hold back unsealed ops outside the scope; release held scope ops whose record the clerk moved into
 * the scope (under the record's county now); drop held ops a later unheld op on the same field supersedes.
 */
export function planSealCheck(scope: OfficeScope, unsealed: readonly Op[], held: readonly HeldOp[]): HoldPlan {
  const plan: HoldPlan = { fromSeq: null, hold: [], release: [], drop: [] };
  const latest = new Map<string, string>();
  for (const op of unsealed) {
    const reason = scopeHold(scope, op);
    if (reason) plan.hold.push({ opId: op.opId, reason });
    else latest.set(fieldKey(op), op.hlc);
  }
  for (const h of held) {
    const later = latest.get(fieldKey(h.op));
    if (later !== undefined && later > h.op.hlc) {
      plan.drop.push(h.op.opId);
      continue;
    }
    if (h.reason.by === 'server' || (h.reason.code !== 'out-of-scope' && h.reason.code !== 'province-owned')) continue;
    const county = h.recordCounty ?? h.op.county;
    if (!scopeHold(scope, { entity: h.op.entity, county })) plan.release.push({ opId: h.op.opId, county });
  }
  return plan;
}

export function isEmptyPlan(plan: HoldPlan): boolean {
  return plan.fromSeq === null && plan.hold.length + plan.release.length + plan.drop.length === 0;
}

const fieldKey = (op: Op): string => `${recordKey(op.entity, op.recordId)}\u0000${op.field}`;

/**
 * Why a change is held back and what the clerk can do, in plain words (the 同步 page and `device status`).
 * Keyed by the reason code, never by the server's English text.
 */
export function holdReasonText(reason: HoldReason): { zh: string; en: string } {
  const county = reason.county ?? '';
  switch (reason.code) {
    case 'out-of-scope':
    case 'county-scope':
      return {
        zh: `这条修改属于区县 ${county}，不在本单位的辖区内，未上报。请把记录的所属区县改为本辖区（改正后自动上报），或放弃这条修改；如该企业属于其他区县，请通知该区县录入。`,
        en: `This change belongs to county ${county}, outside this office's area, and was not sent. Change the record's county to one of yours (it is then sent by itself), or discard the change; if the enterprise belongs to another county, tell that county's office.`,
      };
    case 'province-owned':
      return {
        zh: '这是省级下发的参考数据，区县不能修改，未上报。请放弃这条修改；如参考数据有误，请报告省级管理员。',
        en: 'This is reference data owned by the province; it was not sent. Discard the change and report the error to the province.',
      };
    default: {
      // A reason the package format names (bad text, an illegal status move, a record rule …): its own words.
      const why = (REASON_MESSAGES as Record<string, { zh: string; en: string } | undefined>)[
        reason.code.toUpperCase().replace(/-/g, '_')
      ];
      if (why)
        return {
          zh: `${why.zh}${reason.field ? `（字段 ${reason.field}）` : ''}这条修改未上报，其余修改已照常上报。请改正该记录后重新同步，或放弃这条修改。`,
          en: `${why.en}${reason.field ? ` (field ${reason.field})` : ''} This change was not sent; the others were. Correct the record and sync again, or discard the change.`,
        };
      return {
        zh: `省级服务器拒收了这条修改（原因代码 ${reason.code}${reason.field ? `，字段 ${reason.field}` : ''}${reason.detail ? `：${reason.detail}` : ''}）。其余修改已照常上报。请改正该记录后重新同步，或放弃这条修改；原因消除后可选“重新上报”。`,
        en: `The provincial server refused this change (reason ${reason.code}${reason.field ? `, field ${reason.field}` : ''}). The other changes were sent. Correct the record and sync again, or discard the change; once the cause is fixed, choose "send again".`,
      };
    }
  }
}
