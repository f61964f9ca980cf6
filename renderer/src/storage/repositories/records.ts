/**
 * The one write path for every entity (schema-driven, not one repository per entity).
 *
 * `save` and `remove` validate, make ops with the shared change model, merge them into the record, and
 * write the record, the outbox entries and the op-log entries in ONE Dexie transaction: either all of it
 * is stored or none of it. Every op names the operator. `history` reads a record's ops back.
 */
import { applyOps } from '@shared/change/merge';
import { baseOf, recordKey, type MergeState, type RecordState } from '@shared/change/merge-state';
import { TOMBSTONE_FIELD, type EntityName, type JsonValue, type Op, type OpSource } from '@shared/change/op';
import { makeFieldOps, makeTombstone, type OpContext } from '@shared/change/ops';
import { uuidv7 } from '@shared/change/uuidv7';
import { getField, getSchema, SCHEMA_VERSION } from '@shared/domain/registry';
import { checkTransition, type Role } from '@shared/domain/status';
import { validateRecord } from '@shared/domain/validate';
import type { LinkDeskDb } from '../db';
import type { OplogRow, OutboxRow, RecordRow } from '../rows';
import { uniqueFieldsOf, uniqueKey, uniqueKeysOf } from '../unique';
import { loadDevice, type Device } from './device';
import { DuplicateError, RepositoryError, TransitionRefused, ValidationError } from './errors';
import { emitChange } from './events';
import { defaultsFor, normalizeChanges, sameValue, titleOf, valuesOf, type Values } from './values';

export interface WriteOptions {
  /** The staff member chosen on this device; required on every write. */
  operator: string;
  /** The role of this office for status moves (a county office by default). */
  role?: Role;
  source?: OpSource;
  /** Fields to write even when the value is unchanged: confirming a value in conflict review clears the conflict. */
  rewrite?: readonly string[];
}

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
}

/** Fields whose changes on an existing record must follow a state machine. */
const STATE_MACHINES: Partial<Record<EntityName, { field: string; check: typeof checkTransition }>> = {
  demand: { field: 'status', check: checkTransition },
};

/** The province code: scope of records that name no county. */
const PROVINCE_SCOPE = '13';

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
  async list(entity: EntityName): Promise<RecordRow[]> {
    return this.db.records.where('entity').equals(entity).filter((r) => !r.deleted).toArray();
  }

  async count(entity: EntityName): Promise<number> {
    return this.db.records.where('entity').equals(entity).filter((r) => !r.deleted).count();
  }

  /** The live record of `entity` holding a unique value (a credit code), if any. */
  async findByUnique(entity: EntityName, field: string, value: string): Promise<RecordRow | undefined> {
    return this.db.records.where('uniq').equals(uniqueKey(entity, field, value)).first();
  }

  async save(entity: EntityName, recordId: string | null, changes: Readonly<Record<string, JsonValue | undefined>>, options: WriteOptions): Promise<SaveResult> {
    const operator = requireOperator(options);
    const device = await this.loadDevice();
    const id = recordId ?? uuidv7();
    const result = await this.db.transaction('rw', [this.db.records, this.db.outbox, this.db.oplog, this.db.meta], async () => {
      const current = await this.db.records.get([entity, id]);
      const before = current ? valuesOf(current) : {};
      const normalized = normalizeChanges(entity, changes);
      const edits: Values = current === undefined ? { ...defaultsFor(entity, normalized), ...normalized } : normalized;
      for (const name of Object.keys(edits)) if (sameValue(before[name], edits[name]) && !options.rewrite?.includes(name)) delete edits[name];
      if (Object.keys(edits).length === 0) {
        if (current) return { recordId: id, ops: [], record: current };
        throw new ValidationError(validateRecord(entity, {}));
      }
      const after: Values = { ...before, ...edits };
      const errors = validateRecord(entity, after);
      if (errors.length > 0) throw new ValidationError(errors);
      if (current && !current.deleted) this.checkStateMachine(entity, before, edits, options.role ?? 'county');
      await this.checkUnique(entity, id, edits, after);

      const ctx = this.context(device, operator, countyOf(entity, after), options.source);
      const base: Record<string, string | null> | null = current ? Object.fromEntries(Object.keys(edits).map((f) => [f, baseOf(current, f)])) : null;
      const ops = makeFieldOps({ ...ctx, entity, recordId: id, changes: edits, base });
      const record = await this.writeOps(current, ops);
      return { recordId: id, ops, record };
    });
    if (result.ops.length > 0) emitChange({ entity, recordId: id });
    return result;
  }

  /** Deletes a record (a tombstone op; `restore: true` brings it back with its fields). */
  async remove(entity: EntityName, recordId: string, options: WriteOptions & { restore?: boolean }): Promise<SaveResult> {
    const operator = requireOperator(options);
    const device = await this.loadDevice();
    const result = await this.db.transaction('rw', [this.db.records, this.db.outbox, this.db.oplog, this.db.meta], async () => {
      const current = await this.db.records.get([entity, recordId]);
      if (!current) throw new RepositoryError('NOT_FOUND', `${entity} ${recordId} not found`);
      const deleted = !options.restore;
      if (current.deleted === deleted) return { recordId, ops: [], record: current };
      if (!deleted) await this.checkUnique(entity, recordId, valuesOf(current), valuesOf(current));
      const ctx = this.context(device, operator, current.county, options.source);
      const op = makeTombstone({ ...ctx, entity, recordId, base: baseOf(current, TOMBSTONE_FIELD), deleted });
      const record = await this.writeOps(current, [op]);
      return { recordId, ops: [op], record };
    });
    if (result.ops.length > 0) emitChange({ entity, recordId });
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
    }));
  }

  /** Ops written on this device and not yet acknowledged by the server. */
  async pendingCount(): Promise<number> {
    return this.db.outbox.count();
  }

  /** Drops the cached device id and clock (after a restore replaced them). */
  forgetDevice(): void {
    this.device = null;
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

  /** Merges `ops` into the record and writes record + outbox + oplog + clock (inside the caller's transaction). */
  private async writeOps(current: RecordRow | undefined, ops: Op[]): Promise<RecordRow> {
    const first = ops[0]!;
    const key = recordKey(first.entity, first.recordId);
    const state: MergeState = { records: new Map(), parked: new Map() };
    if (current) state.records.set(key, stripRow(current));
    const merged = applyOps(state, ops, { isKnownField: (e, f) => getField(e, f) !== undefined });
    if (merged.rejected.length > 0) throw new RepositoryError('VALIDATION', merged.rejected.map((r) => r.reason).join('; '));
    const next = state.records.get(key)!;
    const row: RecordRow = { ...next, updatedAt: next.last.hlc, uniq: uniqueKeysOf(next) };
    const outbox: OutboxRow[] = ops.map((op) => ({ opId: op.opId, op, status: 'pending', seq: null, hlc: op.hlc }));
    const oplog: OplogRow[] = ops.map((op) => ({
      opId: op.opId,
      entity: op.entity,
      recordId: op.recordId,
      hlc: op.hlc,
      op,
      prev: current?.fields[op.field]?.value ?? (op.field === TOMBSTONE_FIELD ? false : null),
      origin: 'local',
    }));
    await this.db.records.put(row);
    await this.db.outbox.bulkAdd(outbox);
    await this.db.oplog.bulkAdd(oplog);
    const device = await this.loadDevice();
    await this.db.meta.put({ key: 'clock', value: device.clock.last() });
    return row;
  }

  private checkStateMachine(entity: EntityName, before: Values, edits: Values, role: Role): void {
    const machine = STATE_MACHINES[entity];
    if (!machine || !(machine.field in edits)) return;
    const verdict = machine.check(String(before[machine.field] ?? ''), String(edits[machine.field] ?? ''), role);
    if (!verdict.ok) throw new TransitionRefused(verdict.error);
  }

  private async checkUnique(entity: EntityName, recordId: string, edits: Values, after: Values): Promise<void> {
    for (const field of uniqueFieldsOf(entity)) {
      const value = after[field];
      if (!(field in edits) || typeof value !== 'string' || value === '') continue;
      const holders = await this.db.records.where('uniq').equals(uniqueKey(entity, field, value)).toArray();
      const other = holders.find((r) => r.recordId !== recordId && r.entity === entity);
      if (other) throw new DuplicateError({ field, value, existingId: other.recordId, existingTitle: titleOf(entity, valuesOf(other)) });
    }
  }
}

function requireOperator(options: WriteOptions): string {
  const operator = options.operator?.trim();
  if (!operator) throw new RepositoryError('NO_OPERATOR', 'every write needs an operator');
  return operator;
}

function countyOf(entity: EntityName, values: Values): string {
  const field = getSchema(entity).countyField;
  const v = field ? values[field] : undefined;
  return typeof v === 'string' && v !== '' ? v : PROVINCE_SCOPE;
}

function stripRow(row: RecordRow): RecordState {
  const { updatedAt: _u, uniq: _q, ...state } = row;
  return state;
}
