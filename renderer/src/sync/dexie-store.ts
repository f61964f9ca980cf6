/**
 * The SyncStore port (shared/src/sync/ports.ts) over the app's Dexie database. Every method is ONE Dexie
 * transaction, so after a crash or a closed window either all of it happened or none of it. It follows the same
 * rules as the shared replica commands (shared/src/sync/replica.ts) that the Node file store replays:
 * - the outbox (written by the repositories with each record) is sealed into chained packages whose exact bytes
 *   are kept, so a resend or a USB export is byte-identical;
 * - a receipt acknowledges its package and every earlier one (their ops leave the outbox);
 * - a pulled or imported page merges with the shared `applyOps` into the same `records` rows the repositories
 *   write, with its op-log entries, parked and rejected ops, conflict index, receipts and cursor, at once.
 */
import { recordConflicts } from '@shared/change/conflicts';
import { applyOps, type ApplyOptions } from '@shared/change/merge';
import { emptyState, recordKey, type Conflict, type MergeState, type RecordState } from '@shared/change/merge-state';
import { TOMBSTONE_FIELD, type EntityName, type JsonValue, type Op } from '@shared/change/op';
import type { ChainTip } from '@shared/package/chain';
import { advanceCursor } from '@shared/sync/cursor';
import { discardHeld, heldOps, holdBack, type HeldOp, type HoldPlan, type HoldReason } from '@shared/sync/held';
import { emptyReplica, type OutboxEntry, type ReplicaData } from '@shared/sync/replica';
import { planRestamp, restamp } from '@shared/sync/restamp';
import type { ServerKey } from '@shared/sync/server-keys';
import type {
  ApplyPageResult,
  ReturnPage,
  SealedPackageRecord,
  StoreCounters,
  SyncIdentity,
  SyncStore,
  VerifiedReceipt,
} from '@shared/sync/ports';
import type { LinkDeskDb } from '../storage/db';
import {
  toRecordRow,
  toRecordState,
  type ConflictIndexRow,
  type OplogRow,
  type OutboxRow,
  type RecordRow,
} from '../storage/rows';

/** An outbox row while held back (待处理的修改): the reason rides on the row (no index needed). */
type HeldRow = OutboxRow & { held?: HoldReason };

/** Keys of the sync facts in the `meta` table. */
export const SYNC_META = {
  identity: 'syncIdentity',
  tip: 'syncTip',
  acknowledgedSeq: 'syncAcknowledgedSeq',
  cursor: 'syncCursor',
  /** Shared with SettingsRepository.lastSync (the header and dashboard read it). */
  lastSyncAt: 'lastSync',
  lastServerTime: 'syncLastServerTime',
  serverKeys: 'syncServerKeys',
  enrolledAt: 'syncEnrolledAt',
} as const;

export class SyncStoreError extends Error {
  constructor(
    readonly code: 'SEAL_OUT_OF_ORDER' | 'SEAL_UNKNOWN_OP',
    message: string,
  ) {
    super(message);
    this.name = 'SyncStoreError';
  }
}

export class DexieSyncStore implements SyncStore {
  constructor(
    private readonly db: LinkDeskDb,
    private readonly merge: ApplyOptions,
    /** Called after a page changed records (outside the transaction), e.g. to refresh the screens. */
    private readonly onChanged: (entities: EntityName[]) => void = () => undefined,
    /**
     * Called after a re-stamp reset the device clock in `meta` (outside the transaction): whoever caches the clock
     * (the record repository) must reload it, or its next write would put tomorrow's stamp back.
     */
    private readonly onClockReset: () => void = () => undefined,
  ) {}

  async identity(): Promise<SyncIdentity | null> {
    return (await this.meta<SyncIdentity>(SYNC_META.identity)) ?? null;
  }

  /** Enrolment done: who this device is to the server, and the server keys that sign receipts and pages. */
  async saveEnrolment(identity: SyncIdentity, serverKeys: ServerKey[] | null, at: string): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      const { scope, ...rest } = identity;
      await this.db.meta.put({ key: SYNC_META.identity, value: scope ? { ...rest, scope: { ...scope } } : rest });
      if (serverKeys) await this.db.meta.put({ key: SYNC_META.serverKeys, value: serverKeys.map((k) => ({ ...k })) });
      await this.db.meta.put({ key: SYNC_META.enrolledAt, value: at });
    });
  }

  async serverKeys(): Promise<ServerKey[] | null> {
    return (await this.meta<ServerKey[]>(SYNC_META.serverKeys)) ?? null;
  }

  async setServerKeys(keys: ServerKey[]): Promise<void> {
    await this.db.meta.put({ key: SYNC_META.serverKeys, value: keys.map((k) => ({ ...k })) });
  }

  async unsealedOps(): Promise<Op[]> {
    return this.db.transaction('r', this.db.outbox, async () => {
      const rows: HeldRow[] = await this.db.outbox.orderBy('hlc').toArray();
      return rows.filter((r) => r.seq === null && !r.held).map((r) => r.op);
    });
  }

  async heldOps(): Promise<HeldOp[]> {
    const { db } = this;
    return db.transaction('r', [db.outbox, db.records], async () => {
      const replica = emptyReplica();
      const rows = ((await db.outbox.orderBy('hlc').toArray()) as HeldRow[]).filter((r) => r.held);
      await this.loadInto(replica, rows, null);
      return heldOps(replica);
    });
  }

  /** Hold back / release / drop outbox ops, unsealing from plan.fromSeq (shared/src/sync/held.ts), at once. */
  async holdBack(plan: HoldPlan): Promise<number> {
    const { db } = this;
    return db.transaction('rw', [db.outbox, db.oplog, db.records, db.syncPackages, db.meta], async () => {
      const replica = emptyReplica();
      replica.acknowledgedSeq = (await this.meta<number>(SYNC_META.acknowledgedSeq)) ?? 0;
      replica.tip = (await this.meta<ChainTip>(SYNC_META.tip)) ?? null;
      const rows = (await db.outbox.orderBy('hlc').toArray()) as HeldRow[];
      await this.loadInto(replica, rows, plan.fromSeq);
      const count = holdBack(replica, plan);
      await this.saveOutbox(rows, replica);
      if (plan.fromSeq !== null) {
        await db.syncPackages.where('seq').aboveOrEqual(plan.fromSeq).delete();
        if (replica.tip) await db.meta.put({ key: SYNC_META.tip, value: { ...replica.tip } });
        else await db.meta.delete(SYNC_META.tip);
      }
      return count;
    });
  }

  /** The clerk discards held changes: outbox, op log and (for a record made only of them) the record, at once. */
  async discardHeld(opIds: readonly string[]): Promise<number> {
    const { db } = this;
    const { count, entities } = await db.transaction(
      'rw',
      [db.outbox, db.oplog, db.records, db.conflicts],
      async () => {
        const replica = emptyReplica();
        const rows = ((await db.outbox.bulkGet([...opIds])) as (HeldRow | undefined)[]).filter(
          (r): r is HeldRow => r !== undefined,
        );
        await this.loadInto(replica, rows, null);
        const keys = [...replica.state.records.keys()];
        const count = discardHeld(replica, opIds);
        await db.outbox.bulkDelete([...opIds]);
        await db.oplog.bulkDelete([...opIds]);
        const removed = rows
          .map((r) => r.op)
          .filter((op) => keys.includes(recordKey(op.entity, op.recordId)))
          .filter((op) => !replica.state.records.has(recordKey(op.entity, op.recordId)));
        const gone = uniqueRecordKeys(removed);
        await db.records.bulkDelete(gone);
        await db.conflicts.bulkDelete(gone);
        return { count, entities: [...new Set(removed.map((op) => op.entity))] };
      },
    );
    if (entities.length > 0) this.onChanged(entities);
    return count;
  }

  /** The outbox rows, the packages from fromSeq and the records the rows touch, as a replica for a shared command. */
  private async loadInto(replica: ReplicaData, rows: readonly HeldRow[], fromSeq: number | null): Promise<void> {
    for (const row of rows) {
      const entry: OutboxEntry = { op: row.op, queuedAt: row.hlc, seq: row.seq };
      if (row.held) entry.held = row.held;
      replica.outbox.set(row.opId, entry);
    }
    if (fromSeq !== null)
      for (const p of await this.db.syncPackages.where('seq').aboveOrEqual(fromSeq).toArray())
        replica.packages.set(p.seq, p);
    const touched = uniqueRecordKeys(rows.map((r) => r.op));
    for (const row of await this.db.records.bulkGet(touched))
      if (row) replica.state.records.set(recordKey(row.entity, row.recordId), toRecordState(row));
  }

  /** Writes back the outbox rows a shared command changed (and the op-log copy of a relabelled op). */
  private async saveOutbox(rows: readonly HeldRow[], replica: ReplicaData): Promise<void> {
    const put: HeldRow[] = [];
    const gone: string[] = [];
    const relabelled: Op[] = [];
    for (const row of rows) {
      const e = replica.outbox.get(row.opId);
      if (!e) {
        gone.push(row.opId);
        continue;
      }
      if (e.seq === row.seq && e.op === row.op && JSON.stringify(e.held) === JSON.stringify(row.held)) continue;
      const next: HeldRow = {
        opId: row.opId,
        op: e.op,
        status: e.seq === null ? 'pending' : 'sent',
        seq: e.seq,
        hlc: e.op.hlc,
      };
      if (e.held) next.held = e.held;
      put.push(next);
      if (e.op !== row.op) relabelled.push(e.op);
    }
    await this.db.outbox.bulkPut(put);
    await this.db.outbox.bulkDelete(gone);
    const logged = await this.db.oplog.bulkGet(relabelled.map((op) => op.opId));
    await this.db.oplog.bulkPut(logged.flatMap((row, i) => (row ? [{ ...row, op: relabelled[i]! }] : [])));
  }

  async chainTip(): Promise<ChainTip | null> {
    return (await this.meta<ChainTip>(SYNC_META.tip)) ?? null;
  }

  async sealPackage(pkg: SealedPackageRecord): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.meta, db.outbox, db.syncPackages], async () => {
      const tip = (await this.meta<ChainTip>(SYNC_META.tip)) ?? null;
      const expectedSeq = (tip?.seq ?? 0) + 1;
      if (pkg.seq !== expectedSeq || pkg.prevDigest !== (tip?.digest ?? null)) {
        throw new SyncStoreError(
          'SEAL_OUT_OF_ORDER',
          `package seq ${pkg.seq} does not follow the chain tip (expected ${expectedSeq})`,
        );
      }
      const rows = await db.outbox.bulkGet(pkg.opIds);
      rows.forEach((row, i) => {
        if (!row || row.seq !== null || (row as HeldRow).held)
          throw new SyncStoreError('SEAL_UNKNOWN_OP', `op ${pkg.opIds[i]} is not an unsealed outbox op`);
      });
      await db.outbox.bulkPut(rows.map((row) => ({ ...row!, status: 'sent' as const, seq: pkg.seq })));
      await db.syncPackages.add({ ...pkg, opIds: [...pkg.opIds], bytes: new Uint8Array(pkg.bytes) });
      await db.meta.put({ key: SYNC_META.tip, value: { seq: pkg.seq, digest: pkg.digest } });
    });
  }

  async pendingPackages(): Promise<SealedPackageRecord[]> {
    return (await this.db.syncPackages.orderBy('seq').toArray()).map((p) => ({ ...p, bytes: new Uint8Array(p.bytes) }));
  }

  async acknowledge(receipt: VerifiedReceipt): Promise<number | null> {
    const { db } = this;
    return db.transaction('rw', [db.meta, db.outbox, db.syncPackages, db.syncReceipts], () =>
      this.acknowledgeIn(receipt),
    );
  }

  async cursor(): Promise<string | null> {
    return (await this.meta<string>(SYNC_META.cursor)) ?? null;
  }

  async applyPage(page: ReturnPage): Promise<ApplyPageResult> {
    const { db } = this;
    const tables = [
      db.records,
      db.oplog,
      db.parked,
      db.rejected,
      db.conflicts,
      db.meta,
      db.outbox,
      db.syncPackages,
      db.syncReceipts,
    ];
    const { result, entities } = await db.transaction('rw', tables, async () => {
      const keys = uniqueRecordKeys(page.ops);
      const before = await db.records.bulkGet(keys);
      const state: MergeState = emptyState();
      before.forEach((row) => row && state.records.set(recordKey(row.entity, row.recordId), toRecordState(row)));
      const opIds = page.ops.map((op) => op.opId);
      const wasParked = (await db.parked.bulkGet(opIds)).filter((r) => r !== undefined);
      for (const row of wasParked) state.parked.set(row.opId, row.op);

      const merged = applyOps(state, page.ops, this.merge);
      const changed = merged.changed.map((key) => state.records.get(key)!);
      await db.records.bulkPut(changed.map(toRecordRow));
      await this.logRemoteOps(
        page.ops,
        merged.rejected.map((r) => r.op),
        merged.parked,
        before,
      );
      await db.parked.bulkDelete(wasParked.filter((row) => !state.parked.has(row.opId)).map((row) => row.opId));
      await db.parked.bulkPut(merged.parked.map((op) => ({ opId: op.opId, op })));
      const at = new Date().toISOString();
      await db.rejected.bulkAdd(merged.rejected.map((r) => ({ ...r, at })));
      await this.indexConflicts(changed);

      let acknowledgedSeq: number | null = null;
      for (const receipt of [...page.receipts].sort((a, b) => a.seq - b.seq)) {
        const seq = await this.acknowledgeIn(receipt);
        if (seq !== null) acknowledgedSeq = Math.max(acknowledgedSeq ?? 0, seq);
      }
      const cursor = advanceCursor((await this.meta<string>(SYNC_META.cursor)) ?? null, page);
      if (cursor !== null) await db.meta.put({ key: SYNC_META.cursor, value: cursor });
      await this.raiseServerTime(page.serverTime);
      const result: ApplyPageResult = {
        changedRecords: changed.length,
        conflicts: merged.conflicts.length,
        rejected: merged.rejected.length,
        cursor,
        acknowledgedSeq,
      };
      return { result, entities: [...new Set(changed.map((r) => r.entity))] };
    });
    if (entities.length > 0) this.onChanged(entities);
    return result;
  }

  async markSynced(at: string, serverTime: string | null): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      await this.db.meta.put({ key: SYNC_META.lastSyncAt, value: at });
      if (serverTime) await this.raiseServerTime(serverTime);
    });
  }

  /**
   * After `clock-ahead` (shared/src/sync/restamp.ts): the refused and later packages' ops and the unsealed ones get
   * fresh stamps in write order; outbox, op log, the records they touch, the conflict index, the chain tip and the
   * device clock change in ONE transaction, through the same replica command the file store logs.
   */
  async restampFrom(fromSeq: number, nowMs: number): Promise<number> {
    const { db } = this;
    const tables = [db.outbox, db.oplog, db.records, db.conflicts, db.syncPackages, db.meta];
    const { count, entities } = await db.transaction('rw', tables, async () => {
      const replica = emptyReplica();
      replica.acknowledgedSeq = (await this.meta<number>(SYNC_META.acknowledgedSeq)) ?? 0;
      replica.tip = (await this.meta<ChainTip>(SYNC_META.tip)) ?? null;
      // Local stamps are monotonic, so hlc order is write order.
      for (const row of await db.outbox.orderBy('hlc').toArray())
        replica.outbox.set(row.opId, {
          op: row.op,
          queuedAt: row.hlc,
          seq: row.seq,
          ...((row as HeldRow).held ? { held: (row as HeldRow).held } : {}),
        } satisfies OutboxEntry);
      for (const p of await db.syncPackages.where('seq').aboveOrEqual(fromSeq).toArray())
        replica.packages.set(p.seq, p);
      const plan = planRestamp(replica, fromSeq, nowMs);
      const ids = Object.keys(plan.hlcs);
      const touched = uniqueRecordKeys(ids.map((id) => replica.outbox.get(id)!.op));
      const before = new Map<string, RecordState>();
      for (const row of await db.records.bulkGet(touched)) {
        if (!row) continue;
        const state = toRecordState(row);
        before.set(recordKey(row.entity, row.recordId), state);
        replica.state.records.set(recordKey(row.entity, row.recordId), state);
      }
      const count = restamp(replica, plan);

      await db.outbox.bulkPut(
        ids.map((id) => {
          const { op, held } = replica.outbox.get(id)!;
          const row: HeldRow = { opId: id, op, status: 'pending' as const, seq: null, hlc: op.hlc };
          if (held) row.held = held;
          return row;
        }),
      );
      const logged = await db.oplog.bulkGet(ids);
      await db.oplog.bulkPut(
        logged.flatMap((row) => {
          if (!row) return [];
          const { op } = replica.outbox.get(row.opId)!;
          return [{ ...row, op, hlc: op.hlc }];
        }),
      );
      const changed = [...replica.state.records]
        .filter(([key, record]) => before.get(key) !== record)
        .map(([, record]) => record);
      await db.records.bulkPut(changed.map(toRecordRow));
      await this.indexConflicts(changed);
      await db.syncPackages.where('seq').aboveOrEqual(fromSeq).delete();
      if (replica.tip) await db.meta.put({ key: SYNC_META.tip, value: { ...replica.tip } });
      else await db.meta.delete(SYNC_META.tip);
      if (plan.clockLast !== null) await db.meta.put({ key: 'clock', value: plan.clockLast });
      return { count, entities: [...new Set(changed.map((r) => r.entity))] };
    });
    this.onClockReset();
    if (entities.length > 0) this.onChanged(entities);
    return count;
  }

  async counters(): Promise<StoreCounters> {
    const { db } = this;
    return db.transaction(
      'r',
      [db.outbox, db.meta, db.syncPackages, db.conflicts, db.rejected, db.records],
      async () => {
        const pendingByEntity: Record<string, number> = {};
        const pendingRecords = new Map<string, Set<string>>();
        let oldest: string | null = null;
        let heldOps = 0;
        await db.outbox.each((row) => {
          if ((row as HeldRow).held) heldOps++;
          pendingByEntity[row.op.entity] = (pendingByEntity[row.op.entity] ?? 0) + 1;
          let ids = pendingRecords.get(row.op.entity);
          if (!ids) pendingRecords.set(row.op.entity, (ids = new Set()));
          ids.add(row.op.recordId);
          if (oldest === null || row.hlc < oldest) oldest = row.hlc;
        });
        const tip = (await this.meta<ChainTip>(SYNC_META.tip)) ?? null;
        return {
          pendingByEntity,
          pendingRecordsByEntity: Object.fromEntries([...pendingRecords].map(([entity, ids]) => [entity, ids.size])),
          // An outbox op's hlc starts with the local ISO time it was written.
          oldestPendingAt: oldest === null ? null : (oldest as string).slice(0, 24),
          acknowledgedSeq: (await this.meta<number>(SYNC_META.acknowledgedSeq)) ?? 0,
          sealedSeq: tip?.seq ?? 0,
          unacknowledgedPackages: await db.syncPackages.count(),
          cursor: (await this.meta<string>(SYNC_META.cursor)) ?? null,
          lastSyncAt: (await this.meta<string>(SYNC_META.lastSyncAt)) ?? null,
          lastServerTime: (await this.meta<string>(SYNC_META.lastServerTime)) ?? null,
          conflicts: (await this.openConflicts()).length,
          rejectedOps: await db.rejected.count(),
          heldOps,
        };
      },
    );
  }

  /** Open conflicts of the indexed records, read from the record rows themselves (the truth). */
  async openConflicts(): Promise<Conflict[]> {
    const index = await this.db.conflicts.toArray();
    const rows = await this.db.records.bulkGet(index.map((c) => [c.entity, c.recordId] as [string, string]));
    return rows.flatMap((row) => (row ? recordConflicts(toRecordState(row)) : []));
  }

  /**
   * Repair: rebuilds every record from the op log through the shared merge, in one transaction (the outbox,
   * packages and cursor are untouched). Returns the number of records rebuilt.
   */
  async rebuildFromOplog(): Promise<number> {
    const { db } = this;
    const entities = await db.transaction('rw', [db.records, db.oplog, db.parked, db.conflicts], async () => {
      const ops = (await db.oplog.orderBy('hlc').toArray()).map((r) => r.op);
      const state: MergeState = emptyState();
      for (const row of await db.parked.toArray()) state.parked.set(row.opId, row.op);
      applyOps(state, ops, this.merge);
      const records = [...state.records.values()];
      await db.records.clear();
      await db.records.bulkPut(records.map(toRecordRow));
      await db.conflicts.clear();
      await this.indexConflicts(records);
      return [...new Set(records.map((r) => r.entity))];
    });
    this.onChanged(entities);
    return db.records.count();
  }

  // ---- inside a caller's transaction ----

  private async acknowledgeIn(receipt: VerifiedReceipt): Promise<number | null> {
    const { db } = this;
    const acknowledged = (await this.meta<number>(SYNC_META.acknowledgedSeq)) ?? 0;
    if (receipt.seq <= acknowledged) {
      const kept = await db.syncReceipts.get(receipt.seq);
      return (kept && kept.digest === receipt.digest) || receipt.seq < acknowledged ? acknowledged : null;
    }
    const pkg = await db.syncPackages.get(receipt.seq);
    if (!pkg || pkg.digest !== receipt.digest) return null;
    const done = await db.syncPackages.where('seq').belowOrEqual(receipt.seq).toArray();
    await db.outbox.bulkDelete(done.flatMap((p) => p.opIds));
    await db.syncPackages.bulkDelete(done.map((p) => p.seq));
    await db.meta.put({ key: SYNC_META.acknowledgedSeq, value: receipt.seq });
    await db.syncReceipts.put({
      seq: receipt.seq,
      digest: receipt.digest,
      cursor: receipt.cursor,
      serverTime: receipt.serverTime,
      text: new TextDecoder().decode(receipt.bytes),
    });
    await this.raiseServerTime(receipt.serverTime);
    return receipt.seq;
  }

  /** Op-log entries for the page's merged ops (the repair action and record history read them). */
  private async logRemoteOps(
    ops: readonly Op[],
    rejected: unknown[],
    parked: readonly Op[],
    before: (RecordRow | undefined)[],
  ): Promise<void> {
    const skip = new Set<unknown>([...rejected, ...parked]);
    const candidates = ops.filter((op) => !skip.has(op));
    const known = await this.db.oplog.bulkGet(candidates.map((op) => op.opId));
    const prior = new Map(before.filter((r) => r !== undefined).map((r) => [recordKey(r.entity, r.recordId), r]));
    const rows: OplogRow[] = [];
    const seen = new Set<string>();
    candidates.forEach((op, i) => {
      if (known[i] || seen.has(op.opId)) return;
      seen.add(op.opId);
      const prev: JsonValue =
        prior.get(recordKey(op.entity, op.recordId))?.fields[op.field]?.value ??
        (op.field === TOMBSTONE_FIELD ? false : null);
      rows.push({ opId: op.opId, entity: op.entity, recordId: op.recordId, hlc: op.hlc, op, prev, origin: 'remote' });
    });
    await this.db.oplog.bulkAdd(rows);
  }

  /** One bulk write each way, however many records a page changed. */
  private async indexConflicts(records: readonly RecordState[]): Promise<void> {
    const open: ConflictIndexRow[] = [];
    const closed: [string, string][] = [];
    for (const record of records) {
      if (recordConflicts(record).length > 0) open.push({ entity: record.entity, recordId: record.recordId });
      else closed.push([record.entity, record.recordId]);
    }
    if (open.length > 0) await this.db.conflicts.bulkPut(open);
    if (closed.length > 0) await this.db.conflicts.bulkDelete(closed);
  }

  private async raiseServerTime(serverTime: string): Promise<void> {
    const current = (await this.meta<string>(SYNC_META.lastServerTime)) ?? null;
    if (current === null || serverTime > current)
      await this.db.meta.put({ key: SYNC_META.lastServerTime, value: serverTime });
  }

  private async meta<T>(key: string): Promise<T | undefined> {
    return (await this.db.meta.get(key))?.value as T | undefined;
  }
}

function uniqueRecordKeys(ops: readonly Op[]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const op of ops) {
    if (op && typeof op === 'object' && typeof op.entity === 'string' && typeof op.recordId === 'string')
      seen.set(recordKey(op.entity, op.recordId), [op.entity, op.recordId]);
  }
  return [...seen.values()];
}
