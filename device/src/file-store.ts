/**
 * The headless device's durable store: a directory holding
 *   wal.jsonl      — append-only log, one fsync'd line per transaction (see wal.ts)
 *   snapshot.json  — the whole replica after transaction `n`, replaced by atomic rename every SNAPSHOT_EVERY txs
 * Every SyncStore method and every local write is ONE log line, so after a crash (even kill -9 mid-write) the
 * store is exactly as after some complete transaction. Transactions are replica commands (shared/src/sync/replica),
 * checked against the in-memory replica before they are logged and replayed the same way on load.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ApplyOptions } from '@shared/change/merge';
import { reapplyParked, type JsonValue, type Op } from '@shared/change';
import { scopeOfCertificateFile, type ChainTip } from '@shared/package';
import {
  discardHeld,
  heldOps,
  holdBack,
  planRestamp,
  replica as R,
  type HeldOp,
  type HoldPlan,
  restamp,
  type RestampPlan,
  type ApplyPageResult,
  type ReturnPage,
  type SealedPackageRecord,
  type StoreCounters,
  type SyncIdentity,
  type SyncStore,
  type VerifiedReceipt,
} from '@shared/sync';
import {
  packageFromJson,
  packageToJson,
  pageFromJson,
  pageToJson,
  receiptFromJson,
  receiptToJson,
  replicaFromJson,
  replicaToJson,
  type PackageJson,
  type PageJson,
  type ReceiptJson,
  type ReplicaJson,
} from './replica-codec';
import { readWal, WalWriter } from './wal';

export const SNAPSHOT_EVERY = 200;

export type Tx =
  | { t: 'init'; identity: SyncIdentity; replace?: boolean }
  | { t: 'meta'; values: Record<string, JsonValue> }
  | { t: 'write'; ops: Op[]; at: string; meta?: Record<string, JsonValue> }
  | { t: 'seal'; pkg: PackageJson }
  | { t: 'ack'; receipt: ReceiptJson }
  | { t: 'page'; page: PageJson }
  | { t: 'synced'; at: string; serverTime: string | null }
  | { t: 'restamp'; plan: RestampPlan; meta?: Record<string, JsonValue> }
  | { t: 'hold'; plan: HoldPlan }
  | { t: 'discard'; opIds: string[] };

interface Snapshot {
  n: number;
  replica: ReplicaJson;
  meta: Record<string, JsonValue>;
}

export class FileSyncStore implements SyncStore {
  private data: R.ReplicaData = R.emptyReplica();
  /** Device settings kept with the data (operator, clock, enrolment, server keys …), changed in the same transactions. */
  private metaValues: Record<string, JsonValue> = {};
  private n = 0;
  private sinceSnapshot = 0;
  private wal!: WalWriter;

  private constructor(
    readonly dir: string,
    private readonly merge: ApplyOptions,
  ) {}

  static open(dir: string, merge: ApplyOptions): FileSyncStore {
    mkdirSync(dir, { recursive: true });
    const store = new FileSyncStore(dir, merge);
    store.load();
    return store;
  }

  private get walFile(): string {
    return join(this.dir, 'wal.jsonl');
  }
  private get snapshotFile(): string {
    return join(this.dir, 'snapshot.json');
  }

  private load(): void {
    this.data = R.emptyReplica();
    this.metaValues = {};
    this.n = 0;
    if (existsSync(this.snapshotFile)) {
      const snap = JSON.parse(readFileSync(this.snapshotFile, 'utf8')) as Snapshot;
      this.data = replicaFromJson(snap.replica);
      this.metaValues = snap.meta;
      this.n = snap.n;
    }
    const { entries, goodBytes } = readWal<Tx>(this.walFile);
    for (const e of entries) {
      if (e.n <= this.n) continue; // already inside the snapshot
      this.run(e.tx);
      this.n = e.n;
    }
    this.sinceSnapshot = entries.length;
    this.wal = new WalWriter(this.walFile, goodBytes);
    // Ops parked for fields an older app did not know: applied now if this app knows them (a pure function of the
    // state and the schemas, so it needs no log entry; the next snapshot keeps the result).
    if (this.data.state.parked.size > 0) reapplyParked(this.data.state, this.merge.isKnownField);
  }

  close(): void {
    this.wal.close();
  }

  /** Applies `tx` to the replica (throws, changing nothing, if refused), then makes it durable. */
  private commit<T>(tx: Tx): T {
    const result = this.run(tx) as T;
    try {
      this.wal.append(this.n + 1, tx);
    } catch (e) {
      this.wal.close();
      this.load(); // the memory is ahead of the disk: go back to what is durable
      throw e;
    }
    this.n++;
    if (++this.sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
    return result;
  }

  private run(tx: Tx): unknown {
    switch (tx.t) {
      case 'init':
        return R.initIdentity(this.data, tx.identity, tx.replace);
      case 'meta':
        Object.assign(this.metaValues, tx.values);
        return undefined;
      case 'write':
        R.writeLocal(this.data, tx.ops, tx.at, this.merge);
        if (tx.meta) Object.assign(this.metaValues, tx.meta);
        return undefined;
      case 'seal':
        return R.sealPackage(this.data, packageFromJson(tx.pkg));
      case 'ack':
        return R.acknowledge(this.data, receiptFromJson(tx.receipt));
      case 'page':
        return R.applyPage(this.data, pageFromJson(tx.page), this.merge);
      case 'synced':
        return R.markSynced(this.data, tx.at, tx.serverTime);
      case 'restamp': {
        const n = restamp(this.data, tx.plan);
        if (tx.meta) Object.assign(this.metaValues, tx.meta);
        return n;
      }
      case 'hold':
        return holdBack(this.data, tx.plan);
      case 'discard':
        return discardHeld(this.data, tx.opIds);
    }
  }

  /** Writes the whole replica to snapshot.json by atomic rename, then empties the log it covers. */
  snapshot(): void {
    const tmp = `${this.snapshotFile}.tmp`;
    const snap: Snapshot = { n: this.n, replica: replicaToJson(this.data), meta: this.metaValues };
    writeFileSync(tmp, JSON.stringify(snap));
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.snapshotFile);
    const dirFd = openSync(this.dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
    this.wal.truncate();
    this.sinceSnapshot = 0;
  }

  // ---- device settings and the local write path ----

  meta(): Readonly<Record<string, JsonValue>> {
    return this.metaValues;
  }
  setMeta(values: Record<string, JsonValue>): void {
    this.commit({ t: 'meta', values });
  }
  init(identity: SyncIdentity, meta: Record<string, JsonValue>, replace = false): void {
    if (this.data.identity && !replace)
      throw new R.ReplicaCommandError('ALREADY_INITIALISED', 'the device is already initialised');
    this.commit({ t: 'init', identity, replace });
    this.commit({ t: 'meta', values: meta });
  }
  /** Merges local ops and queues them in the outbox in one transaction, with settings (the clock) changed alongside. */
  writeLocal(ops: Op[], at: string, meta?: Record<string, JsonValue>): void {
    this.commit({ t: 'write', ops, at, meta });
  }
  replica(): Readonly<R.ReplicaData> {
    return this.data;
  }

  // ---- SyncStore ----

  async identity(): Promise<SyncIdentity | null> {
    const identity = this.data.identity;
    // The scope comes from the certificate the province issued at enrolment (init knows only the county).
    const scope = scopeOfCertificateFile(this.metaValues.certificate);
    return identity && scope ? { ...identity, scope } : identity;
  }
  async unsealedOps(): Promise<Op[]> {
    return R.unsealedOps(this.data);
  }
  async heldOps(): Promise<HeldOp[]> {
    return heldOps(this.data);
  }
  async holdBack(plan: HoldPlan): Promise<number> {
    return this.commit<number>({ t: 'hold', plan });
  }
  async discardHeld(opIds: readonly string[]): Promise<number> {
    return this.commit<number>({ t: 'discard', opIds: [...opIds] });
  }
  async chainTip(): Promise<ChainTip | null> {
    return this.data.tip;
  }
  async sealPackage(pkg: SealedPackageRecord): Promise<void> {
    this.commit({ t: 'seal', pkg: packageToJson(pkg) });
  }
  async pendingPackages(): Promise<SealedPackageRecord[]> {
    return R.pendingPackages(this.data);
  }
  async acknowledge(receipt: VerifiedReceipt): Promise<number | null> {
    return this.commit<number | null>({ t: 'ack', receipt: receiptToJson(receipt) });
  }
  async cursor(): Promise<string | null> {
    return this.data.cursor;
  }
  async applyPage(page: ReturnPage): Promise<ApplyPageResult> {
    return this.commit<ApplyPageResult>({ t: 'page', page: pageToJson(page) });
  }
  async markSynced(at: string, serverTime: string | null): Promise<void> {
    this.commit({ t: 'synced', at, serverTime });
  }
  async counters(): Promise<StoreCounters> {
    return R.counters(this.data);
  }
  /** The re-stamp after clock-ahead, with the device clock (settings.clockLast) reset in the same transaction. */
  async restampFrom(fromSeq: number, nowMs: number): Promise<number> {
    const plan = planRestamp(this.data, fromSeq, nowMs);
    return this.commit<number>({ t: 'restamp', plan, meta: { clockLast: plan.clockLast } });
  }
}
