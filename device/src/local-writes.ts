/**
 * The local write path of the headless client, the same as the UI's: the shared write rules (normalise, validate
 * the whole record, the demand state machine for the office's level, the office's scope, unique credit codes,
 * the base HLC of each edited field), field ops with the device clock, and record + outbox ops + clock committed
 * in ONE transaction.
 */
import { createClock, makeFieldOps, recordKey, uuidv7, type EntityName, type JsonValue, type Op } from '@shared/change';
import { getSchema, isEntityName, SCHEMA_VERSION, type FieldError } from '@shared/domain';
import {
  countyOfRecord,
  editBase,
  findDuplicates,
  planRecordEdit,
  type UniqueClaim,
  type UniqueHolder,
  type WriteRefusal,
  type WriteRefusalCode,
} from '@shared/domain/write-rules';
import { scopeOfCertificate, type OfficeLevel, type OfficeScope } from '@shared/domain/scope';
import { replica as R } from '@shared/sync';
import type { FileSyncStore } from './file-store';

export type LocalWriteCode =
  'UNKNOWN_ENTITY' | 'NOT_FOUND' | 'NOT_INITIALISED' | 'NO_CHANGES' | 'BAD_INPUT' | WriteRefusalCode;

export class LocalWriteError extends Error {
  constructor(
    readonly code: LocalWriteCode,
    readonly text: { zh: string; en: string },
    readonly errors: FieldError[] = [],
    /** The shared write rules' refusal, when that is what refused the write (the UI gets the same one). */
    readonly refusal?: WriteRefusal,
  ) {
    super(`${code}: ${text.zh}`);
    this.name = 'LocalWriteError';
  }
}

/** The CLI's error for a refusal of the shared write rules: the same code and message as the UI's. */
export function refused(refusal: WriteRefusal): LocalWriteError {
  return new LocalWriteError(
    refusal.code,
    refusal.message,
    refusal.code === 'VALIDATION' ? refusal.errors : [],
    refusal,
  );
}

export interface DeviceSettings {
  deviceId: string;
  county: string;
  operator: string;
  nodeId: string;
  clockLast: string | null;
  /** What this office may write: from the certificate once enrolled, the device's county before that. */
  scope: OfficeScope;
}

export function settingsOf(store: FileSyncStore): DeviceSettings {
  const m = store.meta();
  const id = store.replica().identity;
  if (!id || typeof m.operator !== 'string' || typeof m.nodeId !== 'string') {
    throw new LocalWriteError('NOT_INITIALISED', {
      zh: '本设备尚未初始化，请先运行 init。',
      en: 'The device is not initialised; run init first.',
    });
  }
  return {
    deviceId: id.deviceId,
    county: id.county,
    operator: m.operator,
    nodeId: m.nodeId,
    clockLast: typeof m.clockLast === 'string' ? m.clockLast : null,
    scope: (id as { scope?: OfficeScope }).scope ?? scopeOf(id.county, m.certificate),
  };
}

/** The office's scope: the certificate's level and scope when it names them, else a county office. */
function scopeOf(county: string, certificate: unknown): OfficeScope {
  const body = (certificate as { body?: { level?: unknown; scope?: unknown } } | null | undefined)?.body;
  const level = body?.level;
  const scope = body?.scope;
  return scopeOfCertificate({
    county,
    ...(typeof level === 'string' && ['county', 'city', 'province'].includes(level) && typeof scope === 'string'
      ? { level: level as OfficeLevel, scope }
      : {}),
  });
}

export function entityOf(name: string): EntityName {
  if (!isEntityName(name))
    throw new LocalWriteError('UNKNOWN_ENTITY', {
      zh: `没有“${name}”这种记录类型。`,
      en: `There is no record type "${name}".`,
    });
  return name;
}

export function currentValues(store: FileSyncStore, entity: EntityName, id: string): Record<string, JsonValue> | null {
  const record = store.replica().state.records.get(recordKey(entity, id));
  if (!record || record.deleted) return null;
  return R.recordValues(record) as Record<string, JsonValue>;
}

/** The live records holding any unique value `claims` would take (for the shared duplicate check). */
function uniqueHolders(store: FileSyncStore, claims: readonly UniqueClaim[]): UniqueHolder[] {
  const entities = new Set(claims.map((c) => c.entity));
  const out: UniqueHolder[] = [];
  for (const r of store.replica().state.records.values())
    if (!r.deleted && entities.has(r.entity))
      out.push({ entity: r.entity, recordId: r.recordId, values: R.recordValues(r) as Record<string, JsonValue> });
  return out;
}

/** One checked edit of a record, ready to become ops. */
export interface CheckedEdit {
  entity: EntityName;
  recordId: string;
  isNew: boolean;
  edits: Record<string, JsonValue>;
  after: Record<string, JsonValue>;
  source?: Op['source'];
}

/**
 * Checks edits with the shared write rules against the device's records (each alone, then unique values across
 * them all). Returns the edits that change something, or the refusals by index.
 */
export function checkEdits(
  store: FileSyncStore,
  items: readonly { entity: EntityName; recordId: string; isNew: boolean; changes: Record<string, JsonValue> }[],
): { edits: (CheckedEdit | null)[]; refusals: Map<number, WriteRefusal> } {
  const s = settingsOf(store);
  const rules = { role: s.scope.level, scope: s.scope };
  const refusals = new Map<number, WriteRefusal>();
  const edits = items.map((item, index): CheckedEdit | null => {
    const current = item.isNew ? null : currentValues(store, item.entity, item.recordId);
    const verdict = planRecordEdit(
      item.entity,
      current ? { values: current, deleted: false } : null,
      item.changes,
      rules,
    );
    if (!verdict.ok) {
      refusals.set(index, verdict.refusal);
      return null;
    }
    return verdict.plan ? { entity: item.entity, recordId: item.recordId, isNew: item.isNew, ...verdict.plan } : null;
  });
  const claims = edits.flatMap((e, index) => (e ? [{ e, index }] : []));
  const duplicates = findDuplicates(
    claims.map((c) => c.e),
    uniqueHolders(
      store,
      claims.map((c) => c.e),
    ),
  );
  for (const [at, refusal] of duplicates)
    if (!refusals.has(claims[at]!.index)) refusals.set(claims[at]!.index, refusal);
  return { edits, refusals };
}

/** Makes the ops of checked edits (consecutive clock ticks) and commits them with the clock in ONE store write. */
export function commitEdits(store: FileSyncStore, edits: readonly CheckedEdit[], now: () => number = Date.now): Op[] {
  if (edits.length === 0) return [];
  const s = settingsOf(store);
  // The same drift guard as the UI: building on a value stamped far in this PC's future is refused in plain words.
  const clock = createClock(s.nodeId, now, { last: s.clockLast });
  const ops: Op[] = [];
  for (const e of edits) {
    const record = store.replica().state.records.get(recordKey(e.entity, e.recordId));
    ops.push(
      ...makeFieldOps({
        clock,
        device: s.deviceId,
        operator: s.operator,
        county: countyOfRecord(e.entity, e.after),
        schemaVersion: SCHEMA_VERSION,
        source: e.source ?? { kind: 'ui' },
        entity: e.entity,
        recordId: e.recordId,
        changes: e.edits,
        base: editBase(record, e.isNew, Object.keys(e.edits)),
      }),
    );
  }
  store.writeLocal(ops, new Date(now()).toISOString(), { clockLast: clock.last() });
  return ops;
}

function asValues(input: unknown): Record<string, JsonValue> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new LocalWriteError('BAD_INPUT', {
      zh: '输入必须是一个 JSON 对象（字段名: 值）。',
      en: 'The input must be a JSON object of field: value.',
    });
  }
  return input as Record<string, JsonValue>;
}

/** Checks one edit and commits it; throws the shared rules' refusal as a LocalWriteError. */
function writeOne(
  store: FileSyncStore,
  item: { entity: EntityName; recordId: string; isNew: boolean; changes: Record<string, JsonValue> },
  now: () => number,
): Op[] {
  const { edits, refusals } = checkEdits(store, [item]);
  const refusal = refusals.get(0);
  if (refusal) throw refused(refusal);
  return edits[0] ? commitEdits(store, [edits[0]], now) : [];
}

/** A new record: schema defaults, then the office's county where the schema has a county field, then the input. */
export function createRecord(
  store: FileSyncStore,
  entityName: string,
  input: unknown,
  now: () => number = Date.now,
): { recordId: string; ops: Op[] } {
  const entity = entityOf(entityName);
  const s = settingsOf(store);
  const countyField = getSchema(entity).countyField;
  const changes: Record<string, JsonValue> = {
    ...(countyField ? { [countyField]: s.county } : {}),
    ...asValues(input),
  };
  const recordId = uuidv7();
  return { recordId, ops: writeOne(store, { entity, recordId, isNew: true, changes }, now) };
}

/** Changes to an existing record: the shared rules check the merged record; unchanged fields make no ops. */
export function updateRecord(
  store: FileSyncStore,
  entityName: string,
  recordId: string,
  input: unknown,
  now: () => number = Date.now,
): Op[] {
  const entity = entityOf(entityName);
  if (!currentValues(store, entity, recordId))
    throw new LocalWriteError('NOT_FOUND', { zh: `找不到这条记录：${recordId}`, en: `No such record: ${recordId}` });
  return writeOne(store, { entity, recordId, isNew: false, changes: asValues(input) }, now);
}

export function listRecords(
  store: FileSyncStore,
  entityName: string,
): { id: string; values: Record<string, JsonValue>; updatedAt: string; updatedBy: string }[] {
  const entity = entityOf(entityName);
  const out: { id: string; values: Record<string, JsonValue>; updatedAt: string; updatedBy: string }[] = [];
  for (const r of store.replica().state.records.values()) {
    if (r.entity !== entity || r.deleted) continue;
    out.push({
      id: r.recordId,
      values: R.recordValues(r) as Record<string, JsonValue>,
      updatedAt: r.last.hlc.slice(0, 24),
      updatedBy: r.last.operator,
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
