/** A SyncStore held in memory (tests, diagnostics). Each method is atomic because a replica command is. */
import type { ApplyOptions } from '../change/merge';
import type { Op } from '../change/op';
import type { ChainTip } from '../package/chain';
import type {
  ApplyPageResult,
  ReturnPage,
  SealedPackageRecord,
  StoreCounters,
  SyncIdentity,
  SyncStore,
  VerifiedReceipt,
} from './ports';
import { discardHeld, heldOps, holdBack, type HeldOp, type HoldPlan } from './held';
import * as R from './replica';
import { planRestamp, restamp } from './restamp';

export class MemorySyncStore implements SyncStore {
  readonly data: R.ReplicaData = R.emptyReplica();

  constructor(
    private readonly merge: ApplyOptions,
    identity?: SyncIdentity,
  ) {
    if (identity) R.initIdentity(this.data, identity);
  }

  /** The local write path: ops merged and queued in one step. */
  async writeLocal(ops: readonly Op[], queuedAt: string): Promise<void> {
    R.writeLocal(this.data, ops, queuedAt, this.merge);
  }

  async identity(): Promise<SyncIdentity | null> {
    return this.data.identity;
  }
  async unsealedOps(): Promise<Op[]> {
    return R.unsealedOps(this.data);
  }
  async heldOps(): Promise<HeldOp[]> {
    return heldOps(this.data);
  }
  async holdBack(plan: HoldPlan): Promise<number> {
    return holdBack(this.data, plan);
  }
  async discardHeld(opIds: readonly string[]): Promise<number> {
    return discardHeld(this.data, opIds);
  }
  async chainTip(): Promise<ChainTip | null> {
    return this.data.tip;
  }
  async sealPackage(pkg: SealedPackageRecord): Promise<void> {
    R.sealPackage(this.data, pkg);
  }
  async pendingPackages(): Promise<SealedPackageRecord[]> {
    return R.pendingPackages(this.data);
  }
  async acknowledge(receipt: VerifiedReceipt): Promise<number | null> {
    return R.acknowledge(this.data, receipt);
  }
  async cursor(): Promise<string | null> {
    return this.data.cursor;
  }
  async applyPage(page: ReturnPage): Promise<ApplyPageResult> {
    return R.applyPage(this.data, page, this.merge);
  }
  async markSynced(at: string, serverTime: string | null): Promise<void> {
    R.markSynced(this.data, at, serverTime);
  }
  async counters(): Promise<StoreCounters> {
    return R.counters(this.data);
  }
  async restampFrom(fromSeq: number, nowMs: number): Promise<number> {
    return restamp(this.data, planRestamp(this.data, fromSeq, nowMs));
  }
}
