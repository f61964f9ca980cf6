/**
 * The ports the sync engine runs against. Adapters: shared/src/sync/memory-store.ts (tests), the Node file
 * store (device/src/), the Dexie store (renderer/). Every SyncStore method is ONE atomic transaction
 * in the adapter: after a crash either all of it happened or none of it.
 */
import type { Op } from '../change/op';
import type { OfficeScope } from '../domain/scope';
import type { ChainTip } from '../package/chain';
import type { SyncError } from './errors';
import type { HeldOp, HoldPlan } from './held-types';

export interface SyncIdentity {
  deviceId: string;
  /** GB/T 2260 code of the device's county. */
  county: string;
  /** Key id of the device signer (what the server looks the device key up by). */
  keyId: string;
  /** What the device may write (from its certificate); absent: a county office of `county`. */
  scope?: OfficeScope;
}

/** A sealed `changes` package as the device keeps it until a receipt acknowledges it. */
export interface SealedPackageRecord {
  seq: number;
  digest: string;
  packageId: string;
  prevDigest: string | null;
  /** The exact file bytes: every resend and every USB export is byte-identical. */
  bytes: Uint8Array;
  opIds: string[];
  sealedAt: string;
}

/** A receipt whose server signature, device and digest the engine has checked. */
export interface VerifiedReceipt {
  packageId: string;
  seq: number;
  digest: string;
  cursor: string;
  serverTime: string;
  status: 'accepted' | 'duplicate';
  /** The receipt file bytes, kept as proof. */
  bytes: Uint8Array;
}

/** A return page (pulled or imported from USB) whose server signature and addressee the engine has checked. */
export interface ReturnPage {
  /** Digest of the return package file: its identity. */
  digest: string;
  from: string;
  to: string;
  hasMore: boolean;
  serverTime: string;
  ops: Op[];
  /** Receipts of this device's packages carried by the page (already verified). */
  receipts: VerifiedReceipt[];
}

export interface ApplyPageResult {
  /** Records whose merged state changed. */
  changedRecords: number;
  /** Open conflicts among the changed records after the merge. */
  conflicts: number;
  /** Ops the merge refused (kept for review, never blocking the rest). */
  rejected: number;
  /** The cursor after the page (unchanged when the page does not continue from the stored cursor). */
  cursor: string | null;
  /** Highest seq acknowledged by the page's receipts, or null. */
  acknowledgedSeq: number | null;
}

export interface StoreCounters {
  /** Ops not yet acknowledged by the server, per entity. */
  pendingByEntity: Record<string, number>;
  /** Records with unacknowledged ops, per entity: what a clerk counts (one enterprise with ten fields is one). */
  pendingRecordsByEntity?: Record<string, number>;
  /** When the oldest unacknowledged op was written (local clock), or null. */
  oldestPendingAt: string | null;
  /** Highest seq the server acknowledged (0: none). */
  acknowledgedSeq: number;
  /** Highest seq sealed (0: none). */
  sealedSeq: number;
  unacknowledgedPackages: number;
  cursor: string | null;
  lastSyncAt: string | null;
  /** Server time of the last receipt or page, for support. */
  lastServerTime: string | null;
  conflicts: number;
  rejectedOps: number;
  /** Outbox ops held back (待处理的修改): never sealed until fixed or discarded. */
  heldOps: number;
}

export interface SyncStore {
  /** null until the device is initialised (identity is created at init, the key at enrolment). */
  identity(): Promise<SyncIdentity | null>;
  /** Outbox ops not yet assigned to a package and not held back, in write order. */
  unsealedOps(): Promise<Op[]>;
  /** Held-back outbox ops (待处理的修改) with their reason and the record's county now, in write order. */
  heldOps(): Promise<HeldOp[]>;
  /**
   * Holds back, releases and drops outbox ops, after unsealing the never-acknowledged packages ≥ plan.fromSeq
   * (shared/src/sync/held.ts), at once. Must refuse (throw, changing nothing) a fromSeq the server acknowledged.
   */
  holdBack(plan: HoldPlan): Promise<number>;
  /** The clerk discards held changes: out of the outbox for good (a record made only of them leaves too). */
  discardHeld(opIds: readonly string[]): Promise<number>;
  /** The last sealed package (seq, digest), acknowledged or not; null before the first. */
  chainTip(): Promise<ChainTip | null>;
  /**
   * Records a signed package: its ops now belong to seq. Must refuse (throw) unless `pkg.seq` is the tip + 1,
   * `pkg.prevDigest` is the tip digest and every op id is still unsealed — so two sealers can never fork the chain.
   */
  sealPackage(pkg: SealedPackageRecord): Promise<void>;
  /** Sealed packages without a receipt, in seq order. */
  pendingPackages(): Promise<SealedPackageRecord[]>;
  /**
   * Acknowledges package receipt.seq and every lower seq when receipt.digest equals the stored package's digest
   * (their ops leave the outbox) and keeps the receipt. Returns the acknowledged seq, or null when it does not match.
   */
  acknowledge(receipt: VerifiedReceipt): Promise<number | null>;
  /** The server cursor up to which pulled ops are merged; null before the first pull. */
  cursor(): Promise<string | null>;
  /** Merges the page's ops, stores conflicts, records its receipts and advances the cursor (advanceCursor), at once. */
  applyPage(page: ReturnPage): Promise<ApplyPageResult>;
  /** Records the end of a successful sync (local clock) and the server's time. */
  markSynced(at: string, serverTime: string | null): Promise<void>;
  counters(): Promise<StoreCounters>;
  /**
   * After a `clock-ahead` refusal of package fromSeq (never accepted): gives every op of packages ≥ fromSeq and every
   * unsealed op a fresh HLC from a clock reading `nowMs`, forgets those packages (the tip goes back to fromSeq − 1)
   * and resets the device clock — at once (shared/src/sync/restamp.ts). Returns how many ops were re-stamped.
   * Optional: a store without it leaves the device stopped with CLOCK_AHEAD.
   */
  restampFrom?(fromSeq: number, nowMs: number): Promise<number>;
}

export type PushResult =
  | { kind: 'receipt'; bytes: Uint8Array }
  /** 409 SEQ_GAP: the server expects this seq next. */
  | { kind: 'gap'; expectedSeq: number };

export interface Transport {
  /** Sends one package file. Throws SyncError (transient or permanent) for anything but a receipt or a gap. */
  push(packageBytes: Uint8Array): Promise<PushResult>;
  /** Sends a signed pull request; returns the return page file bytes. Throws SyncError. */
  pull(requestBytes: Uint8Array): Promise<Uint8Array>;
}

/** Single flight: at most one holder of `name` per device at a time (Web Locks, a lock file …). */
export interface Lock {
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export type SyncPhase = 'seal' | 'push' | 'pull' | 'done';

/** A phase and counts, never a sentence: each UI words it in its own language (renderer i18n, device CLI). */
export interface SyncProgress {
  phase: SyncPhase;
  /** Packages pushed / pages pulled so far in this run. */
  done: number;
  /** Known total for the phase (pull: unknown until the last page, so -1). */
  total: number;
}

export type { SyncError };
