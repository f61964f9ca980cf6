/** Plain-JSON form of a device replica (snapshots and write-ahead-log entries). Bytes of signed files are their UTF-8 text. */
import type { MergeState, Op, RecordState } from '@shared/change';
import type { RejectedOp } from '@shared/change/merge';
import type { ReturnPage, SealedPackageRecord, VerifiedReceipt } from '@shared/sync';
import { type replica as R } from '@shared/sync';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface PackageJson extends Omit<SealedPackageRecord, 'bytes'> {
  text: string;
}
export interface ReceiptJson extends Omit<VerifiedReceipt, 'bytes'> {
  text: string;
}
export interface PageJson extends Omit<ReturnPage, 'receipts'> {
  receipts: ReceiptJson[];
}

export const packageToJson = (p: SealedPackageRecord): PackageJson => {
  const { bytes, ...rest } = p;
  return { ...rest, text: decoder.decode(bytes) };
};
export const packageFromJson = (p: PackageJson): SealedPackageRecord => {
  const { text, ...rest } = p;
  return { ...rest, bytes: encoder.encode(text) };
};
export const receiptToJson = (r: VerifiedReceipt): ReceiptJson => {
  const { bytes, ...rest } = r;
  return { ...rest, text: decoder.decode(bytes) };
};
export const receiptFromJson = (r: ReceiptJson): VerifiedReceipt => {
  const { text, ...rest } = r;
  return { ...rest, bytes: encoder.encode(text) };
};
export const pageToJson = (p: ReturnPage): PageJson => ({ ...p, receipts: p.receipts.map(receiptToJson) });
export const pageFromJson = (p: PageJson): ReturnPage => ({ ...p, receipts: p.receipts.map(receiptFromJson) });

export interface ReplicaJson {
  identity: R.ReplicaData['identity'];
  records: [string, RecordState][];
  parked: [string, Op][];
  outbox: R.OutboxEntry[];
  packages: PackageJson[];
  tip: R.ReplicaData['tip'];
  acknowledgedSeq: number;
  receipts: R.StoredReceipt[];
  cursor: string | null;
  lastSyncAt: string | null;
  lastServerTime: string | null;
  rejected: RejectedOp[];
}

export function replicaToJson(r: R.ReplicaData): ReplicaJson {
  return {
    identity: r.identity,
    records: [...r.state.records.entries()],
    parked: [...r.state.parked.entries()],
    outbox: [...r.outbox.values()],
    packages: [...r.packages.values()].map(packageToJson),
    tip: r.tip,
    acknowledgedSeq: r.acknowledgedSeq,
    receipts: r.receipts,
    cursor: r.cursor,
    lastSyncAt: r.lastSyncAt,
    lastServerTime: r.lastServerTime,
    rejected: r.rejected,
  };
}

export function replicaFromJson(j: ReplicaJson): R.ReplicaData {
  const state: MergeState = { records: new Map(j.records), parked: new Map(j.parked) };
  return {
    identity: j.identity,
    state,
    outbox: new Map(j.outbox.map((e) => [e.op.opId, e])),
    packages: new Map(j.packages.map((p) => [p.seq, packageFromJson(p)])),
    tip: j.tip,
    acknowledgedSeq: j.acknowledgedSeq,
    receipts: j.receipts,
    cursor: j.cursor,
    lastSyncAt: j.lastSyncAt,
    lastServerTime: j.lastServerTime,
    rejected: j.rejected,
  };
}
