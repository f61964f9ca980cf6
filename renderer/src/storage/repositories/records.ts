/**
 * The one write path for every entity (schema-driven, not one repository per entity).
 *
 * `save`, `saveMany` and `remove` validate, make ops with the shared change model, merge them into the
 * records, and write the records, the outbox entries and the op-log entries in ONE Dexie transaction:
 * either all of it is stored or none of it. Every op names the operator. `history` reads a record's ops back.
 */
import { baseOf } from '@shared/change/merge-state';
import { TOMBSTONE_FIELD, type EntityName, type JsonValue, type Op, type OpSource } from '@shared/change/op';
import { makeFieldOps, makeTombstone, type OpContext } from '@shared/change/ops';
import { uuidv7 } from '@shared/change/uuidv7';
import { SCHEMA_VERSION } from '@shared/domain/registry';
import type { Role } from '@shared/domain/status';
import Dexie from 'dexie';
import type { LinkDeskDb } from '../db';
import type { RecordRow } from '../rows';
import { uniqueKey } from '../unique';
import { loadDevice, type Device } from './device';
import { readOfficeScope } from './office-profile';
import { referencingFields, refersTo } from '@shared/domain/dependents';
import { BatchRefused, RepositoryError, type BatchFailure, type DuplicateError } from './errors';
import { emitChange } from './events';
import { claimedKeys, countyOfRecord, editBase } from '@shared/domain/write-rules';
import type { OfficeScope } from '@shared/domain/scope';
import {
  findDuplicates,
  planEdit,
  rowsFor,
  type PlanOptions,
  type PlannedEdit,
  type RowsToWrite,
  type UniqueClaim,
} from './record-writes';
import { valuesOf } from './values';

export interface WriteOptions {
  /** The staff member chosen on this device; required on every write. */
  operator: string;
  /** The role of this office for status moves (a county office by default). */
  role?: Role;
  /**
   * The office's scope: a record outside it is refused (a county office writes its own county). By default the
   * enrolled certificate's scope, or the first-run county (office-profile.ts); a device not set up checks none.
   */
  scope?: OfficeScope | null;
  source?: OpSource;
  /** Fields to write even when the value is unchanged: confirming a value in conflict review clears the conflict. */
  rewrite?: readonly string[];
}

export interface SaveManyItem {
  /** null for a new record. */
  recordId: string | null;
  changes: Readonly<Record<string, JsonValue | undefined>>;
}

/** One result per item, in the batch's order (ops empty for an item that changed nothing). */
export type SaveManyResult = SaveResult[];

export interface SaveResult {
  recordId: string;
  /** The ops written (empty when nothing changed). */
  ops: Op[];
  record: RecordRow;
}

export interface HistoryEntry {
  opId: string;
  hlc: string;
  /** ISO time of the change. */
  at: string;
  operator: string;
  device: string;
  field: string;
  from: JsonValue;
  to: JsonValue;
  kind: 'set' | 'delete' | 'restore';
  origin: 'local' | 'remote';
  /** Where the change came from when not typed (an import names its file). */
  source?: OpSource;
}

const LIST_CHUNK = 5000;

export class RecordRepository {
  private device: Promise<Device> | null = null;

  constructor(
    private readonly db: LinkDeskDb,
    private readonly now: () => number = Date.now,
  ) {}

  async get(entity: EntityName, recordId: string): Promise<RecordRow | undefined> {
    return this.db.records.get([entity, recordId]);
  }

  /** Live (not deleted) records of an entity. */
  async list(entity: EntityName, chunkSize = LIST_CHUNK): Promise<RecordRow[]> {
    // Primary-key range reads of `chunkSize` rows each: one getAll per chunk (a filtered collection would walk a
    // cursor row by row, seconds at 100k) and no single huge result (Chromium sends results in one message).
    const out: RecordRow[] = [];
    let after: string | null = null;
    for (;;) {
      const lower: [string, string | typeof Dexie.minKey] = [entity, after ?? Dexie.minKey];
      const chunk: RecordRow[] = await this.db.records
        .where('[entity+recordId]')
        .between(lower, [entity, Dexie.maxKey], after === null, true)
        .limit(chunkSize)
        .toArray();
      for (const row of chunk) if (!row.deleted) out.push(row);
      if (chunk.length < chunkSize) return out;
      after = chunk[chunk.length - 1]!.recordId;
    }
  }

  /**
   * The live records that point at a record (its demands and visits, a commissioner's visits), by entity: what a
   * delete must name before it goes ahead.
   */
  async dependentsOf(entity: EntityName, recordId: string): Promise<{ entity: EntityName; rows: RecordRow[] }[]> {
    const byEntity = new Map<EntityName, RecordRow[]>();
    for (const { entity: from, field } of referencingFields(entity)) {
      for (const row of await this.list(from)) {
        if (row.recordId === recordId && from === entity) continue;
        if (!refersTo(row.fields[field]?.value, recordId)) continue;
        const rows = byEntity.get(from) ?? [];
        if (!rows.includes(row)) byEntity.set(from, [...rows, row]);
      }
    }
    return [...byEntity].map(([e, rows]) => ({ entity: e, rows }));
  }

  /** Deleted (tombstoned) records of an entity: what a reference to one shows as 「（已删除）<name>」. */
  async listDeleted(entity: EntityName): Promise<RecordRow[]> {
    return this.db.records
      .where('entity')
      .equals(entity)
      .filter((r) => r.deleted)
      .toArray();
  }

  /** The `limit` most recently changed live records, newest first (one index range; the list's first screen). */
  async newest(entity: EntityName, limit: number): Promise<RecordRow[]> {
    return this.db.records
      .where('[entity+updatedAt]')
      .between([entity, Dexie.minKey], [entity, Dexie.maxKey])
      .reverse()
      .filter((r) => !r.deleted)
      .limit(limit)
      .toArray();
  }

  /** The records with these ids, in the same order (undefined where there is none). */
  async getMany(entity: EntityName, recordIds: readonly string[]): Promise<(RecordRow | undefined)[]> {
    return this.db.records.bulkGet(recordIds.map((id): [string, string] => [entity, id]));
  }

  async count(entity: EntityName): Promise<number> {
    return this.db.records
      .where('entity')
      .equals(entity)
      .filter((r) => !r.deleted)
      .count();
  }

  /** The live record of `entity` holding a unique value (a credit code), if any. */
  async findByUnique(entity: EntityName, field: string, value: string): Promise<RecordRow | undefined> {
    return this.db.records
      .where('uniq')
      .equals(uniqueKey(entity, field, value))
      .first();
  }

  async save(
    entity: EntityName,
    recordId: string | null,
    changes: Readonly<Record<string, JsonValue | undefined>>,
    options: WriteOptions,
  ): Promise<SaveResult> {
    const operator = requireOperator(options);
    const device = await this.loadDevice();
    const rules = await this.planOptions(options);
    const id = recordId ?? uuidv7();
    const result = await this.db.transaction(
      'rw',
      [this.db.records, this.db.outbox, this.db.oplog, this.db.meta],
      async () => {
        const current = await this.db.records.get([entity, id]);
        const plan = planEdit(entity, id, current, changes, rules);
        if (!plan) return { recordId: id, ops: [], record: current! };
        const duplicate = (await this.duplicatesOf([plan])).get(0);
        if (duplicate) throw duplicate;
        return (await this.commit(device, operator, [plan], options.source))[0]!;
      },
    );
    if (result.ops.length > 0) emitChange({ entity, recordId: id, recordIds: [id] });
    return result;
  }

  /**
   * Saves many records of one entity at once (a spreadsheet import): every item is checked first
   * (schema, state machine, unique values against the database and within the batch), then all records,
   * outbox and op-log entries and the clock are written in ONE transaction with bulk operations.
   * All or nothing: if any item is refused, BatchRefused lists each bad item's index and reasons and
   * nothing is written. `options.source` is recorded on every op (history shows the file).
   */
  async saveMany(
    entity: EntityName,
    items: ReadonlyArray<SaveManyItem>,
    options: WriteOptions,
  ): Promise<SaveManyResult> {
    const operator = requireOperator(options);
    const device = await this.loadDevice();
    const rules = await this.planOptions(options);
    const ids = items.map((item) => item.recordId ?? uuidv7());
    const result = await this.db.transaction(
      'rw',
      [this.db.records, this.db.outbox, this.db.oplog, this.db.meta],
      async () => {
        const currents = await this.db.records.bulkGet(ids.map((id): [string, string] => [entity, id]));
        const failures: BatchFailure[] = [];
        const seen = new Set<string>();
        const plans: (PlannedEdit | null)[] = items.map((item, index) => {
          const id = ids[index]!;
          if (seen.has(id)) {
            failures.push({
              index,
              error: new RepositoryError('VALIDATION', `record ${id} appears twice in the batch`),
            });
            return null;
          }
          seen.add(id);
          try {
            return planEdit(entity, id, currents[index], item.changes, rules);
          } catch (e) {
            if (!(e instanceof RepositoryError)) throw e;
            failures.push({ index, error: e });
            return null;
          }
        });
        const changed = plans.flatMap((plan, index) => (plan ? [{ plan, index }] : []));
        const duplicates = await this.duplicatesOf(changed.map((c) => c.plan));
        for (const [at, error] of duplicates) failures.push({ index: changed[at]!.index, error });
        if (failures.length > 0) throw new BatchRefused(failures.sort((a, b) => a.index - b.index));
        const written =
          changed.length > 0
            ? await this.commit(
                device,
                operator,
                changed.map((c) => c.plan),
                options.source,
              )
            : [];
        const byIndex = new Map(changed.map((c, i) => [c.index, written[i]!]));
        return items.map(
          (_, index): SaveResult => byIndex.get(index) ?? { recordId: ids[index]!, ops: [], record: currents[index]! },
        );
      },
    );
    const changedIds = result.flatMap((r) => (r.ops.length > 0 ? [r.recordId] : []));
    if (changedIds.length > 0) emitChange({ entity, recordIds: changedIds });
    return result;
  }

  /**
   * Several entities' batches in ONE transaction — an import's enterprises and the demands that point at them:
   * all of it is written or none of it. A refusal names the entity and the item's index within its group.
   */
  async saveGroups(
    groups: ReadonlyArray<{ entity: EntityName; items: ReadonlyArray<SaveManyItem> }>,
    options: WriteOptions,
  ): Promise<SaveManyResult[]> {
    requireOperator(options);
    await this.loadDevice();
    const scoped = { ...options, scope: options.scope !== undefined ? options.scope : await readOfficeScope(this.db) };
    // saveMany's own transaction nests inside this one (same tables), so a refusal in any group aborts them all.
    return this.db.transaction('rw', [this.db.records, this.db.outbox, this.db.oplog, this.db.meta], async () => {
      const results: SaveManyResult[] = [];
      for (const { entity, items } of groups) {
        try {
          results.push(await this.saveMany(entity, items, scoped));
        } catch (e) {
          if (e instanceof BatchRefused) throw new BatchRefused(e.failures.map((f) => ({ ...f, entity })));
          throw e;
        }
      }
      return results;
    });
  }

  /** Deletes a record (a tombstone op; `restore: true` brings it back with its fields). */
  async remove(
    entity: EntityName,
    recordId: string,
    options: WriteOptions & { restore?: boolean },
  ): Promise<SaveResult> {
    const operator = requireOperator(options);
    const device = await this.loadDevice();
    const result = await this.db.transaction(
      'rw',
      [this.db.records, this.db.outbox, this.db.oplog, this.db.meta],
      async () => {
        const current = await this.db.records.get([entity, recordId]);
        if (!current) throw new RepositoryError('NOT_FOUND', `${entity} ${recordId} not found`);
        const deleted = !options.restore;
        if (current.deleted === deleted) return { recordId, ops: [], record: current };
        if (!deleted) {
          const values = valuesOf(current);
          const duplicate = (await this.duplicatesOf([{ entity, recordId, edits: values, after: values }])).get(0);
          if (duplicate) throw duplicate;
        }
        const ctx = this.context(device, operator, current.county, options.source);
        const op = makeTombstone({ ...ctx, entity, recordId, base: baseOf(current, TOMBSTONE_FIELD), deleted });
        const [record] = await this.writeRows(rowsFor([{ current, ops: [op] }]));
        return { recordId, ops: [op], record: record! };
      },
    );
    if (result.ops.length > 0) emitChange({ entity, recordId, recordIds: [recordId] });
    return result;
  }

  /** Every change of a record, oldest first: who changed which field, when, from what to what. */
  async history(entity: EntityName, recordId: string): Promise<HistoryEntry[]> {
    const rows = await this.db.oplog.where('[entity+recordId]').equals([entity, recordId]).toArray();
    rows.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    return rows.map((row) => ({
      opId: row.opId,
      hlc: row.hlc,
      at: row.hlc.slice(0, 24),
      operator: row.op.operator,
      device: row.op.device,
      field: row.op.field,
      from: row.prev,
      to: row.op.value,
      kind: row.op.field !== TOMBSTONE_FIELD ? 'set' : row.op.value === true ? 'delete' : 'restore',
      origin: row.origin,
      ...(row.op.source ? { source: row.op.source } : {}),
    }));
  }

  /** Ops written on this device and not yet acknowledged by the server. */
  async pendingCount(): Promise<number> {
    return this.db.outbox.count();
  }

  /** Records with ops not yet acknowledged: what the header counts (one record with ten changed fields is one). */
  async pendingRecords(): Promise<number> {
    const ids = new Set<string>();
    await this.db.outbox.each((row) => {
      ids.add(`${row.op.entity}/${row.op.recordId}`);
    });
    return ids.size;
  }

  /** Drops the cached device id and clock (after a restore replaced them). */
  forgetDevice(): void {
    this.device = null;
  }

  /** The write rules of this office: its level for status moves and its scope (read per write, never stale). */
  private async planOptions(options: WriteOptions): Promise<PlanOptions> {
    // Read before the write's transaction. Inside a caller's transaction (saveGroups reads it first and passes it;
    // an attachment follows the record it belongs to) awaiting another table would commit that transaction early.
    const scope =
      options.scope !== undefined ? options.scope : Dexie.currentTransaction ? null : await readOfficeScope(this.db);
    return {
      role: options.role ?? scope?.level ?? 'county',
      ...(scope ? { scope } : {}),
      ...(options.rewrite ? { rewrite: options.rewrite } : {}),
    };
  }

  private loadDevice(): Promise<Device> {
    this.device ??= loadDevice(this.db, this.now);
    return this.device;
  }

  private context(device: Device, operator: string, county: string, source: OpSource | undefined): OpContext {
    const ctx: OpContext = { clock: device.clock, device: device.id, operator, county, schemaVersion: SCHEMA_VERSION };
    if (source) ctx.source = source;
    return ctx;
  }

  /** Makes the ops of planned edits (consecutive clock ticks) and writes them (inside the caller's transaction). */
  private async commit(
    device: Device,
    operator: string,
    plans: readonly PlannedEdit[],
    source: OpSource | undefined,
  ): Promise<SaveResult[]> {
    const writes = plans.map((plan) => {
      const ctx = this.context(device, operator, countyOfRecord(plan.entity, plan.after), source);
      const base = editBase(plan.current, !plan.current, Object.keys(plan.edits));
      return {
        current: plan.current,
        ops: makeFieldOps({ ...ctx, entity: plan.entity, recordId: plan.recordId, changes: plan.edits, base }),
      };
    });
    const records = await this.writeRows(rowsFor(writes));
    return writes.map((w, i) => ({ recordId: plans[i]!.recordId, ops: w.ops, record: records[i]! }));
  }

  /** Writes records + outbox + op log with bulk operations, and the clock once (inside the caller's transaction). */
  private async writeRows(rows: RowsToWrite): Promise<RecordRow[]> {
    await this.db.records.bulkPut(rows.records);
    await this.db.outbox.bulkAdd(rows.outbox);
    await this.db.oplog.bulkAdd(rows.oplog);
    const device = await this.loadDevice();
    await this.db.meta.put({ key: 'clock', value: device.clock.last() });
    return rows.records;
  }

  /** Unique values the edits would take that a live record (or an earlier edit of the batch) already holds, by edit index. */
  private async duplicatesOf(claims: readonly UniqueClaim[]): Promise<Map<number, DuplicateError>> {
    const keys = claimedKeys(claims);
    if (keys.length === 0) return new Map();
    const holders = await this.db.records
      .where('uniq')
      .anyOf([...new Set(keys.map((k) => k.key))])
      .toArray();
    return findDuplicates(claims, holders);
  }
}

function requireOperator(options: WriteOptions): string {
  const operator = options.operator?.trim();
  if (!operator) throw new RepositoryError('NO_OPERATOR', 'every write needs an operator');
  return operator;
}
