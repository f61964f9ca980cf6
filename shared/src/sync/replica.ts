/**
 * The whole local state of a device as plain data, with every SyncStore transaction as a deterministic command.
 * Storage adapters that keep state in memory (tests, the Node file store that replays a write-ahead log of these
 * commands) share it, so they cannot disagree on the rules. Each command CHECKS everything before it changes
 * anything, so a refused command leaves the replica untouched.
 */
import { applyOps, type ApplyOptions } from '../change/merge';
import { conflictsOf } from '../change/conflicts';
import { emptyState, type MergeState, type RecordState } from '../change/merge-state';
import type { Op } from '../change/op';
import type { RejectedOp } from '../change/merge';
import type { ChainTip } from '../package/chain';
import { advanceCursor } from './cursor';
import type { HoldReason } from './held-types';
import type {
  ApplyPageResult,
  ReturnPage,
  SealedPackageRecord,
  StoreCounters,
  SyncIdentity,
  VerifiedReceipt,
} from './ports';

export interface OutboxEntry {
  op: Op;
  /** Local time the op was written. */
  queuedAt: string;
  /** The package the op was sealed into, null while unsealed. */
  seq: number | null;
  /** Set while the op is held back (never sealed): why (see held.ts). */
  held?: HoldReason;
}

export interface StoredReceipt {
  seq: number;
  digest: string;
  cursor: string;
  serverTime: string;
  /** Receipt file text (UTF-8 canonical JSON). */
  text: string;
}

export interface ReplicaData {
  identity: SyncIdentity | null;
  state: MergeState;
  /** Unacknowledged ops by opId, in write order. */
  outbox: Map<string, OutboxEntry>;
  /** Unacknowledged sealed packages by seq. */
  packages: Map<number, SealedPackageRecord>;
  tip: ChainTip | null;
  acknowledgedSeq: number;
  receipts: StoredReceipt[];
  cursor: string | null;
  lastSyncAt: string | null;
  lastServerTime: string | null;
  rejected: RejectedOp[];
}

export class ReplicaCommandError extends Error {
  constructor(
    readonly code:
      | 'NOT_INITIALISED'
      | 'ALREADY_INITIALISED'
      | 'SEAL_OUT_OF_ORDER'
      | 'SEAL_UNKNOWN_OP'
      | 'WRITE_REJECTED'
      | 'DUPLICATE_OP',
    message: string,
  ) {
    super(message);
    this.name = 'ReplicaCommandError';
  }
}

export function emptyReplica(): ReplicaData {
  return {
    identity: null,
    state: emptyState(),
    outbox: new Map(),
    packages: new Map(),
    tip: null,
    acknowledgedSeq: 0,
    receipts: [],
    cursor: null,
    lastSyncAt: null,
    lastServerTime: null,
    rejected: [],
  };
}

export function initIdentity(r: ReplicaData, identity: SyncIdentity, allowReplace = false): void {
  if (r.identity && !allowReplace)
    throw new ReplicaCommandError('ALREADY_INITIALISED', 'the device is already initialised');
  r.identity = { ...identity };
}

/** A local edit: merged into the state and queued in the outbox together. Refused whole if any op is refused. */
export function writeLocal(r: ReplicaData, ops: readonly Op[], queuedAt: string, options: ApplyOptions): void {
  if (!r.identity) throw new ReplicaCommandError('NOT_INITIALISED', 'the device is not initialised');
  for (const op of ops)
    if (r.outbox.has(op.opId)) throw new ReplicaCommandError('DUPLICATE_OP', `op ${op.opId} is already queued`);
  // Check on a throwaway state first: applyOps validates before changing, but parks unknown fields as it goes.
  const probe = applyOps({ records: new Map(), parked: new Map() }, ops, options);
  if (probe.rejected.length > 0) {
    const first = probe.rejected[0]!;
    throw new ReplicaCommandError('WRITE_REJECTED', `${first.code}: ${first.reason}`);
  }
  applyOps(r.state, ops, options);
  for (const op of ops) r.outbox.set(op.opId, { op, queuedAt, seq: null });
}

export function unsealedOps(r: ReplicaData): Op[] {
  const out: Op[] = [];
  for (const e of r.outbox.values()) if (e.seq === null && !e.held) out.push(e.op);
  return out;
}

export function sealPackage(r: ReplicaData, pkg: SealedPackageRecord): void {
  const expectedSeq = (r.tip?.seq ?? 0) + 1;
  if (pkg.seq !== expectedSeq || pkg.prevDigest !== (r.tip?.digest ?? null)) {
    throw new ReplicaCommandError(
      'SEAL_OUT_OF_ORDER',
      `package seq ${pkg.seq} does not follow the chain tip (expected ${expectedSeq})`,
    );
  }
  for (const id of pkg.opIds) {
    const e = r.outbox.get(id);
    if (!e || e.seq !== null || e.held)
      throw new ReplicaCommandError('SEAL_UNKNOWN_OP', `op ${id} is not an unsealed outbox op`);
  }
  for (const id of pkg.opIds) r.outbox.get(id)!.seq = pkg.seq;
  r.packages.set(pkg.seq, { ...pkg, opIds: [...pkg.opIds] });
  r.tip = { seq: pkg.seq, digest: pkg.digest };
}

export function pendingPackages(r: ReplicaData): SealedPackageRecord[] {
  return [...r.packages.values()].sort((a, b) => a.seq - b.seq);
}

/** Returns the acknowledged seq, or null when the receipt matches no package of ours. */
export function acknowledge(r: ReplicaData, receipt: VerifiedReceipt): number | null {
  if (receipt.seq <= r.acknowledgedSeq) {
    return r.receipts.some((x) => x.seq === receipt.seq && x.digest === receipt.digest) ||
      receipt.seq < r.acknowledgedSeq
      ? r.acknowledgedSeq
      : null;
  }
  const pkg = r.packages.get(receipt.seq);
  if (!pkg || pkg.digest !== receipt.digest) return null;
  for (const p of pendingPackages(r)) {
    if (p.seq > receipt.seq) break;
    for (const id of p.opIds) r.outbox.delete(id);
    r.packages.delete(p.seq);
  }
  r.acknowledgedSeq = receipt.seq;
  r.receipts.push({
    seq: receipt.seq,
    digest: receipt.digest,
    cursor: receipt.cursor,
    serverTime: receipt.serverTime,
    text: new TextDecoder().decode(receipt.bytes),
  });
  r.lastServerTime = maxTime(r.lastServerTime, receipt.serverTime);
  return receipt.seq;
}

export function applyPage(r: ReplicaData, page: ReturnPage, options: ApplyOptions): ApplyPageResult {
  const merged = applyOps(r.state, page.ops, options);
  r.rejected.push(...merged.rejected);
  let acknowledgedSeq: number | null = null;
  for (const receipt of [...page.receipts].sort((a, b) => a.seq - b.seq)) {
    const seq = acknowledge(r, receipt);
    if (seq !== null) acknowledgedSeq = Math.max(acknowledgedSeq ?? 0, seq);
  }
  r.cursor = advanceCursor(r.cursor, page);
  r.lastServerTime = maxTime(r.lastServerTime, page.serverTime);
  return {
    changedRecords: merged.changed.length,
    conflicts: merged.conflicts.length,
    rejected: merged.rejected.length,
    cursor: r.cursor,
    acknowledgedSeq,
  };
}

export function markSynced(r: ReplicaData, at: string, serverTime: string | null): void {
  r.lastSyncAt = at;
  if (serverTime) r.lastServerTime = maxTime(r.lastServerTime, serverTime);
}

export function counters(r: ReplicaData): StoreCounters {
  const pendingByEntity: Record<string, number> = {};
  let oldest: string | null = null;
  let heldOps = 0;
  for (const e of r.outbox.values()) {
    if (e.held) heldOps++;
    pendingByEntity[e.op.entity] = (pendingByEntity[e.op.entity] ?? 0) + 1;
    if (oldest === null || e.queuedAt < oldest) oldest = e.queuedAt;
  }
  return {
    pendingByEntity,
    oldestPendingAt: oldest,
    acknowledgedSeq: r.acknowledgedSeq,
    sealedSeq: r.tip?.seq ?? 0,
    unacknowledgedPackages: r.packages.size,
    cursor: r.cursor,
    lastSyncAt: r.lastSyncAt,
    lastServerTime: r.lastServerTime,
    conflicts: conflictsOf(r.state).length,
    rejectedOps: r.rejected.length,
    heldOps,
  };
}

/** The record as a plain object of field values (null when absent). */
export function recordValues(record: RecordState | undefined): Record<string, unknown> | null {
  if (!record) return null;
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(record.fields)) out[name] = f.value;
  return out;
}

function maxTime(a: string | null, b: string): string {
  return a === null || b > a ? b : a;
}
