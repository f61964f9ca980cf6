/**
 * Re-stamping after `clock-ahead`: the server refused a package because its ops were stamped in the server's
 * future (this PC's clock was far ahead). It consumed nothing, so once the clock is right the device gives every
 * op of the refused package, of the packages sealed after it and of the unsealed outbox a fresh HLC (in write
 * order, so its own edits keep their order), forgets those packages and seals the same seq again. Nothing is lost
 * (the same opIds, values and records), nothing doubled (the refused seq was never accepted).
 *
 * planRestamp chooses the new timestamps (it reads the clock); restamp applies them — a pure, checked replica
 * command, so a store that logs commands replays it exactly.
 */
import { compareVersions, type FieldVersion, type RecordState } from '../change/merge-state';
import { createClock, parseHlc } from '../change/hlc';
import type { Hlc, Op } from '../change/op';
import { ReplicaCommandError, type ReplicaData } from './replica';

export interface RestampPlan {
  fromSeq: number;
  /** opId → new HLC, for every op that gets one. */
  hlcs: Record<string, Hlc>;
  /** The device clock's last timestamp afterwards (persist it so the next edit ticks after these). */
  clockLast: Hlc | null;
}

/** Ops to re-stamp, in write order: those of packages seq ≥ fromSeq and the unsealed ones. */
function opsToRestamp(r: ReplicaData, fromSeq: number): Op[] {
  const out: Op[] = [];
  for (const e of r.outbox.values()) if (e.seq === null || e.seq >= fromSeq) out.push(e.op);
  return out;
}

export function planRestamp(r: ReplicaData, fromSeq: number, nowMs: number): RestampPlan {
  const ops = opsToRestamp(r, fromSeq);
  if (ops.length === 0) return { fromSeq, hlcs: {}, clockLast: null };
  const clock = createClock(parseHlc(ops[0]!.hlc).node, () => nowMs);
  const hlcs: Record<string, Hlc> = {};
  for (const op of ops) hlcs[op.opId] = clock.tick();
  return { fromSeq, hlcs, clockLast: clock.last() };
}

export function restamp(r: ReplicaData, plan: RestampPlan): number {
  const { fromSeq, hlcs } = plan;
  if (fromSeq <= r.acknowledgedSeq)
    throw new ReplicaCommandError(
      'SEAL_OUT_OF_ORDER',
      `seq ${fromSeq} was acknowledged by the server and cannot be re-stamped`,
    );
  const ops = opsToRestamp(r, fromSeq);
  if (ops.some((op) => hlcs[op.opId] === undefined) || ops.length !== Object.keys(hlcs).length) {
    throw new ReplicaCommandError(
      'SEAL_UNKNOWN_OP',
      'the re-stamp plan does not cover exactly the refused and unsealed ops',
    );
  }
  const byOld = new Map<Hlc, Hlc>(ops.map((op) => [op.hlc, hlcs[op.opId]!]));
  for (const op of ops) {
    const entry = r.outbox.get(op.opId)!;
    entry.op = {
      ...op,
      hlc: hlcs[op.opId]!,
      baseHlc: op.baseHlc !== null ? (byOld.get(op.baseHlc) ?? op.baseHlc) : null,
    };
    entry.seq = null;
  }
  const first = r.packages.get(fromSeq);
  for (const seq of [...r.packages.keys()]) if (seq >= fromSeq) r.packages.delete(seq);
  if (first) r.tip = fromSeq > 1 && first.prevDigest ? { seq: fromSeq - 1, digest: first.prevDigest } : null;
  for (const [key, record] of r.state.records) {
    const moved = restampRecord(record, hlcs, byOld);
    if (moved) r.state.records.set(key, moved);
  }
  return ops.length;
}

/**
 * The merged state holds the same op values under their old HLCs: move them and re-pick each field's winner.
 * Returns a NEW record (records are copy-on-write, see merge.ts), or null when nothing of it was re-stamped.
 */
function restampRecord(record: RecordState, hlcs: Record<string, Hlc>, byOld: Map<Hlc, Hlc>): RecordState | null {
  let touched = false;
  const fix = (v: FieldVersion): FieldVersion => {
    const hlc = hlcs[v.opId];
    if (hlc === undefined) return v;
    touched = true;
    return { ...v, hlc };
  };
  const fields: RecordState['fields'] = {};
  for (const [name, field] of Object.entries(record.fields)) {
    const versions = [fix(field), ...field.rivals.map(fix)];
    const seen = field.seen !== null ? (byOld.get(field.seen) ?? field.seen) : null;
    if (seen !== field.seen) touched = true;
    versions.sort((a, b) => compareVersions(b, a));
    const winner = versions[0]!;
    fields[name] = {
      value: winner.value,
      hlc: winner.hlc,
      opId: winner.opId,
      device: winner.device,
      operator: winner.operator,
      seen,
      rivals: versions.slice(1).filter((v) => seen === null || v.hlc > seen),
    };
  }
  if (!touched) return null;
  let last: FieldVersion | undefined;
  for (const f of Object.values(fields)) if (!last || compareVersions(f, last) > 0) last = f;
  return {
    ...record,
    fields,
    last: last
      ? { value: last.value, hlc: last.hlc, opId: last.opId, device: last.device, operator: last.operator }
      : record.last,
    deleted: fields._deleted?.value === true,
  };
}
