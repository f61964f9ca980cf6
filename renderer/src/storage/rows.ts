/** Row shapes of the local database. Records mirror the merge's RecordState (shared/src/change/merge-state.ts). */
import type { EntityName, Hlc, JsonValue, Op } from '@shared/change/op';
import type { RecordState } from '@shared/change/merge-state';

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
