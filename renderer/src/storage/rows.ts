/** Row shapes of the local database. Records mirror the merge's RecordState (shared/src/change/merge-state.ts). */
import type { EntityName, Hlc, JsonValue, Op } from '@shared/change/op';
import type { RecordState } from '@shared/change/merge-state';
import type { RejectedOp } from '@shared/change/merge';
import type { SealedPackageRecord } from '@shared/sync/ports';
import { uniqueKeysOf } from './unique';

export interface RecordRow extends RecordState {
  /** Since v2: hlc of the latest winning value, for "recently changed" ordering. */
  updatedAt: Hlc;
  /** Since v2: `entity.field=value` keys that must be unique (credit codes). Empty when deleted. */
  uniq: string[];
}

export type OutboxStatus = 'pending' | 'sent';

export interface OutboxRow {
  opId: string;
  op: Op;
  status: OutboxStatus;
  /** Assigned by the server on acknowledgement; null until then. Acknowledged ops leave the outbox. */
  seq: number | null;
  /** Since v2: the op's hlc, so the outbox drains in causal order. */
  hlc: Hlc;
}

export interface OplogRow {
  opId: string;
  entity: EntityName;
  recordId: string;
  hlc: Hlc;
  op: Op;
  /** The field's value just before this op was applied here (null when it was never set). */
  prev: JsonValue;
  origin: 'local' | 'remote';
}

export interface OperatorRow {
  name: string;
  createdAt: string;
}

export interface SettingRow {
  key: string;
  value: JsonValue;
}

export interface BlobRow {
  sha256: string;
  mime: string;
  size: number;
  data: ArrayBuffer;
  createdAt: string;
}

export interface MetaRow {
  key: 'deviceId' | 'clock' | 'lastSync' | string;
  value: JsonValue;
}

/** A merged record as stored: the merge state plus the v2 list/unique indexes. */
export function toRecordRow(state: RecordState): RecordRow {
  return { ...state, updatedAt: state.last.hlc, uniq: uniqueKeysOf(state) };
}

/** The merge state of a stored record (without the index fields). */
export function toRecordState(row: RecordRow): RecordState {
  const { updatedAt: _u, uniq: _q, ...state } = row;
  return state;
}

// ---- since v3: the sync tables (renderer/src/sync/dexie-store.ts) ----

/** A sealed `changes` package kept until a receipt acknowledges it; `bytes` are resent byte-identically. */
export type SyncPackageRow = SealedPackageRecord;

/** A server receipt kept as proof (its file text). */
export interface SyncReceiptRow {
  seq: number;
  digest: string;
  cursor: string;
  serverTime: string;
  text: string;
}

/** An op for a field this app version does not know yet, kept until a newer version can apply it. */
export interface ParkedRow {
  opId: string;
  op: Op;
}

/** An op the merge refused, kept for review. */
export interface RejectedRow extends RejectedOp {
  id?: number;
  at: string;
}

/** A record with at least one open conflict when last merged (an index; the record row is the truth). */
export interface ConflictIndexRow {
  entity: EntityName;
  recordId: string;
}
