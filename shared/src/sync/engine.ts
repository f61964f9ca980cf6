/**
 * The client sync engine: seal the outbox into chained signed packages, push them in seq order, pull return
 * pages until done. Every step is driven by what the SyncStore holds, so a run after a crash at any point picks
 * up exactly where the last one stopped: sealed packages are resent byte-identically, merged pages merge again
 * harmlessly. One run at a time per device (the Lock port).
 */
import { uuidv7 } from '../change/uuidv7';
import type { Signer } from '../crypto/signing';
import { nextLink } from '../package/chain';
import { chunkOps } from '../package/chunk';
import { PACKAGE_LIMITS, sealPackage } from '../package/package';
import { clockSkewWarning, DEFAULT_SKEW_WARN_MS } from './clock-skew';
import { compareCursor } from './cursor';
import { scopeOfCertificate, type OfficeScope } from '../domain/scope';
import { clockAheadError, normalizeServerCode, SyncError } from './errors';
import { isEmptyPlan, planSealCheck } from './held';
import { planRefusalHold } from './refusal';
import type {
  ApplyPageResult,
  Lock,
  SealedPackageRecord,
  SyncIdentity,
  SyncProgress,
  SyncStore,
  Transport,
} from './ports';
import { MAX_PULL_LIMIT, sealPullRequest } from './pull-request';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { decodeReturnPage } from './return-page';
import { verifyReceipt, type ServerKey } from './server-keys';
import { summarizeStatus, type SyncStatus, type SyncWarning } from './status';

export const SYNC_LOCK_NAME = 'linkdesk-sync';

export interface SyncEngineOptions {
  store: SyncStore;
  transport: Transport;
  lock: Lock;
  /** The device key (its keyId is what the server knows the device by). */
  signer: Signer;
  /** Server keys accepted on receipts and pages (from enrolment or GET /v1/server-keys). */
  serverKeys: () => Promise<readonly ServerKey[]> | readonly ServerKey[];
  schemaVersion: number;
  appVersion: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  newId?: () => string;
  limits?: { maxBytes?: number; maxOps?: number; pullLimit?: number; maxPages?: number };
  retry?: RetryPolicy;
  skewWarnMs?: number;
}

export interface RunOptions {
  onProgress?: (progress: SyncProgress) => void;
  /** false: seal and push only (bulk upload); default true. */
  pull?: boolean;
}

export interface SyncReport {
  sealed: number;
  pushed: number;
  acknowledgedSeq: number;
  pulledPages: number;
  pulledOps: number;
  conflicts: number;
  /** Ops given fresh HLCs after a clock-ahead refusal (0 normally). */
  restamped?: number;
  /** Outbox ops held back (待处理的修改) after this run: out of scope, or refused by the server. */
  held: number;
  warnings: SyncWarning[];
}

export interface ImportReport extends ApplyPageResult {
  ops: number;
  warnings: SyncWarning[];
}

/** Refusal → hold back → reseal rounds in one run (each round holds back at least one op). */
const MAX_HOLD_ROUNDS = 20;

function scopeOf(me: SyncIdentity): OfficeScope {
  return me.scope ?? scopeOfCertificate({ county: me.county });
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) =>
    (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => void }).setTimeout(resolve, ms),
  );

export class SyncEngine {
  private readonly now: () => number;
  private readonly retryDeps: { sleep: (ms: number) => Promise<void>; random: () => number };

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? Date.now;
    this.retryDeps = { sleep: o.sleep ?? defaultSleep, random: o.random ?? Math.random };
  }

  /** seal → push → pull, under the device's sync lock. Throws SyncError; nothing is lost either way. */
  async run(options: RunOptions = {}): Promise<SyncReport> {
    return this.o.lock.withLock(SYNC_LOCK_NAME, async () => {
      const progress = options.onProgress ?? (() => undefined);
      const me = await this.identity();
      const report: SyncReport = {
        sealed: 0,
        pushed: 0,
        acknowledgedSeq: 0,
        pulledPages: 0,
        pulledOps: 0,
        conflicts: 0,
        held: 0,
        warnings: [],
      };
      progress({ phase: 'seal', done: 0, total: 0 });
      report.sealed = await this.sealOutbox(me);
      let clockRestamped = false;
      for (let round = 0; ; round++) {
        try {
          await this.pushAll(me, report, progress);
          break;
        } catch (error) {
          if (!(error instanceof SyncError)) throw error;
          if (error.code === 'CLOCK_AHEAD' && !clockRestamped) {
            // The server refused ops stamped in its future and consumed nothing: once this PC's clock is right,
            // re-stamp them, seal the same seq again and push (a second refusal stops the run).
            clockRestamped = true;
            report.restamped = await this.recoverClockAhead(error);
          } else if (round >= MAX_HOLD_ROUNDS || !(await this.recoverRefusal(error))) {
            throw error;
          }
          report.sealed += await this.sealOutbox(me);
        }
      }
      if (options.pull !== false) await this.pullAll(me, report, progress);
      const counters = await this.o.store.counters();
      report.acknowledgedSeq = counters.acknowledgedSeq;
      report.held = counters.heldOps;
      await this.o.store.markSynced(new Date(this.now()).toISOString(), counters.lastServerTime);
      progress({ phase: 'done', done: 1, total: 1 });
      return report;
    });
  }

  /** The exact bytes a push would send, sealing the outbox first: the USB "export pending changes". */
  async exportPendingPackages(): Promise<{ seq: number; digest: string; bytes: Uint8Array }[]> {
    return this.o.lock.withLock(SYNC_LOCK_NAME, async () => {
      await this.sealOutbox(await this.identity());
      return (await this.o.store.pendingPackages()).map((p) => ({ seq: p.seq, digest: p.digest, bytes: p.bytes }));
    });
  }

  /** A USB "return package": verified and applied exactly like a pulled page. Importing it twice changes nothing. */
  async importReturnPackage(bytes: Uint8Array): Promise<ImportReport> {
    return this.o.lock.withLock(SYNC_LOCK_NAME, async () => {
      const me = await this.identity();
      const page = await decodeReturnPage(bytes, { serverKeys: await this.o.serverKeys(), deviceId: me.deviceId });
      const result = await this.o.store.applyPage(page);
      const warnings: SyncWarning[] = [];
      this.checkSkew(page.serverTime, warnings);
      return { ...result, ops: page.ops.length, warnings };
    });
  }

  /** The clerk discards held changes (待处理的修改) after confirming what is lost. */
  async discardHeld(opIds: readonly string[]): Promise<number> {
    return this.o.lock.withLock(SYNC_LOCK_NAME, () => this.o.store.discardHeld(opIds));
  }

  /**
   * Once the cause of a refusal is fixed (the province moved the device, a rule was corrected): every held change
   * goes back to the outbox and is checked again at the next seal (and by the server). Returns how many.
   */
  async retryHeld(): Promise<number> {
    return this.o.lock.withLock(SYNC_LOCK_NAME, async () => {
      const held = await this.o.store.heldOps();
      if (held.length === 0) return 0;
      const release = held.map((h) => ({ opId: h.op.opId, county: h.recordCounty ?? h.op.county }));
      await this.o.store.holdBack({ fromSeq: null, hold: [], release, drop: [] });
      return release.length;
    });
  }

  async status(): Promise<SyncStatus> {
    return summarizeStatus(await this.o.store.counters(), this.now());
  }

  private async identity(): Promise<SyncIdentity> {
    const me = await this.o.store.identity();
    if (!me) throw new SyncError('NOT_ENROLLED');
    return me;
  }

  private async sealOutbox(me: SyncIdentity): Promise<number> {
    // Nothing out of scope is ever sealed: the same rule the server applies, before the package exists.
    const check = planSealCheck(scopeOf(me), await this.o.store.unsealedOps(), await this.o.store.heldOps());
    if (!isEmptyPlan(check)) await this.o.store.holdBack(check);
    const ops = await this.o.store.unsealedOps();
    if (ops.length === 0) return 0;
    const chunks = chunkOps(ops, {
      maxBytes: this.o.limits?.maxBytes ?? PACKAGE_LIMITS.maxBytes,
      maxOps: this.o.limits?.maxOps ?? PACKAGE_LIMITS.maxOps,
    });
    let tip = await this.o.store.chainTip();
    for (const chunk of chunks) {
      const link = nextLink(tip);
      const createdAt = new Date(this.now()).toISOString();
      const sealed = await sealPackage(
        {
          header: {
            kind: 'changes',
            packageId: (this.o.newId ?? uuidv7)(),
            county: me.county,
            device: me.deviceId,
            seq: link.seq,
            prevDigest: link.prevDigest,
            cursor: null,
            createdAt,
            schemaVersion: this.o.schemaVersion,
            appVersion: this.o.appVersion,
          },
          body: { ops: chunk, attachments: [] },
        },
        this.o.signer,
      );
      const record: SealedPackageRecord = {
        seq: link.seq,
        digest: sealed.digest,
        packageId: sealed.pkg.header.packageId,
        prevDigest: link.prevDigest,
        bytes: sealed.bytes,
        opIds: chunk.map((op) => op.opId),
        sealedAt: createdAt,
      };
      await this.o.store.sealPackage(record);
      tip = { seq: record.seq, digest: record.digest };
    }
    return chunks.length;
  }

  private async pushAll(
    me: SyncIdentity,
    report: SyncReport,
    progress: NonNullable<RunOptions['onProgress']>,
  ): Promise<void> {
    const pending = await this.o.store.pendingPackages();
    const keys = await this.o.serverKeys();
    let i = 0;
    let steps = 0;
    while (i < pending.length) {
      if (++steps > pending.length * 3 + 10)
        throw new SyncError('SERVER_ERROR', { detail: 'the server keeps asking for packages it already answered' });
      const pkg = pending[i]!;
      progress({ phase: 'push', done: i, total: pending.length });
      let result: Awaited<ReturnType<Transport['push']>>;
      try {
        result = await withRetry(() => this.o.transport.push(pkg.bytes), this.retryPolicy(), this.retryDeps);
      } catch (error) {
        if (error instanceof SyncError && error.code === 'CLOCK_AHEAD')
          throw clockAheadError({ ...error.detail, refusedSeq: pkg.seq });
        // Which package was refused: the way out unseals from it (it was never accepted).
        if (error instanceof SyncError && !error.transient) error.detail.refusedSeq ??= pkg.seq;
        throw error;
      }
      if (result.kind === 'gap') {
        const at = pending.findIndex((p) => p.seq === result.expectedSeq);
        // at === i: what reached the server was not what we sent (an overtaking delivery): send it again.
        if (at < 0) throw new SyncError('SERVER_BEHIND', { expectedSeq: result.expectedSeq, sentSeq: pkg.seq });
        i = at;
        continue;
      }
      const receipt = await verifyReceipt(result.bytes, keys, me.deviceId);
      const acked = await this.o.store.acknowledge(receipt);
      if (acked === null || receipt.seq !== pkg.seq) {
        throw new SyncError('SERVER_ERROR', {
          detail: `receipt for seq ${receipt.seq} (${receipt.digest}) does not answer package seq ${pkg.seq} (${pkg.digest})`,
        });
      }
      this.checkSkew(receipt.serverTime, report.warnings);
      report.pushed++;
      i++;
    }
    progress({ phase: 'push', done: pending.length, total: pending.length });
  }

  private async pullAll(
    me: SyncIdentity,
    report: SyncReport,
    progress: NonNullable<RunOptions['onProgress']>,
  ): Promise<void> {
    // The largest page the protocol allows: per-page costs (request, signature, one store transaction) amortised.
    const limit = this.o.limits?.pullLimit ?? MAX_PULL_LIMIT;
    const maxPages = this.o.limits?.maxPages ?? 100_000;
    const keys = await this.o.serverKeys();
    for (;;) {
      if (report.pulledPages >= maxPages)
        throw new SyncError('SERVER_ERROR', { detail: `more than ${maxPages} pages` });
      const before = await this.o.store.cursor();
      progress({ phase: 'pull', done: report.pulledPages, total: -1 });
      const bytes = await withRetry(
        async () =>
          this.o.transport.pull(
            await sealPullRequest(
              { requestId: (this.o.newId ?? uuidv7)(), device: me.deviceId, after: before, limit },
              this.o.signer,
            ),
          ),
        this.retryPolicy(),
        this.retryDeps,
      );
      const page = await decodeReturnPage(bytes, { serverKeys: keys, deviceId: me.deviceId });
      const result = await this.o.store.applyPage(page);
      this.checkSkew(page.serverTime, report.warnings);
      report.pulledPages++;
      report.pulledOps += page.ops.length;
      report.conflicts += result.conflicts;
      if (!page.hasMore) return;
      const moved = result.cursor !== null && (before === null || compareCursor(result.cursor, before) > 0);
      if (!moved)
        throw new SyncError('SERVER_ERROR', {
          detail: `page (${page.from}, ${page.to}] with hasMore did not move the cursor from ${before}`,
        });
    }
  }

  /**
   * After `clock-ahead` on package refusedSeq: if this PC is still ahead of the server's time, stop with
   * CLOCK_AHEAD (how far, in plain words); otherwise re-stamp the refused and unsealed ops.
   */
  private async recoverClockAhead(error: SyncError): Promise<number> {
    const serverMs = typeof error.detail.serverTime === 'string' ? Date.parse(error.detail.serverTime) : NaN;
    const refusedSeq = error.detail.refusedSeq;
    if (!Number.isFinite(serverMs) || typeof refusedSeq !== 'number' || !this.o.store.restampFrom) throw error;
    const localAheadMs = this.now() - serverMs;
    if (localAheadMs > (this.o.skewWarnMs ?? DEFAULT_SKEW_WARN_MS))
      throw clockAheadError({ ...error.detail, localAheadMs }, localAheadMs);
    return this.o.store.restampFrom(refusedSeq, this.now());
  }

  /**
   * After a refusal of a never-accepted package that names what is wrong with its ops (scope, schema, poison text,
   * an illegal status move …): unseal it and every later package, hold back the offending ops with their reason,
   * and let the caller reseal the rest under the same seq. False when the refusal is not about ops (the device, the
   * chain, the signature): those have their own way out (errors.ts).
   */
  private async recoverRefusal(error: SyncError): Promise<boolean> {
    const refusedSeq = error.detail.refusedSeq;
    if (typeof refusedSeq !== 'number') return false;
    const pending = (await this.o.store.pendingPackages()).filter((p) => p.seq >= refusedSeq);
    const counters = await this.o.store.counters();
    if (refusedSeq <= counters.acknowledgedSeq || pending.length === 0) return false;
    const plan = planRefusalHold(
      { code: error.code, serverCode: normalizeServerCode(error.detail.serverCode), detail: error.detail },
      refusedSeq,
      pending,
    );
    if (!plan) return false;
    await this.o.store.holdBack(plan);
    return true;
  }

  private retryPolicy(): RetryPolicy {
    return this.o.retry ?? DEFAULT_RETRY;
  }

  private checkSkew(serverTime: string, warnings: SyncWarning[]): void {
    const warning = clockSkewWarning(serverTime, this.now(), this.o.skewWarnMs ?? DEFAULT_SKEW_WARN_MS);
    if (warning && !warnings.some((w) => w.code === 'CLOCK_SKEW')) warnings.push(warning);
  }
}
