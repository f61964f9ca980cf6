/**
 * The local write path of the headless client, the same as the UI's: validate the whole record with the shared
 * schemas, make field ops with the device clock, and commit record + outbox ops + clock in ONE transaction.
 */
import {
  baseOf,
  createClock,
  makeFieldOps,
  recordKey,
  uuidv7,
  type EntityName,
  type JsonValue,
  type Op,
} from '@shared/change';
import {
  defaultValues,
  getSchema,
  isEntityName,
  SCHEMA_VERSION,
  validateField,
  validateRecord,
  type FieldError,
} from '@shared/domain';
import { replica as R } from '@shared/sync';
import type { FileSyncStore } from './file-store';

export type LocalWriteCode =
  'UNKNOWN_ENTITY' | 'NOT_FOUND' | 'VALIDATION' | 'NOT_INITIALISED' | 'NO_CHANGES' | 'BAD_INPUT';

export class LocalWriteError extends Error {
  constructor(
    readonly code: LocalWriteCode,
    readonly text: { zh: string; en: string },
    readonly errors: FieldError[] = [],
  ) {
    super(`${code}: ${text.zh}`);
    this.name = 'LocalWriteError';
  }
}

export interface DeviceSettings {
  deviceId: string;
  county: string;
  operator: string;
  nodeId: string;
  clockLast: string | null;
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
  };
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

function commitEdit(
  store: FileSyncStore,
  entity: EntityName,
  recordId: string,
  changes: Record<string, JsonValue>,
  isNew: boolean,
  now: () => number,
): Op[] {
  const s = settingsOf(store);
  const record = store.replica().state.records.get(recordKey(entity, recordId));
  // The same drift guard as the UI: building on a value stamped far in this PC's future is refused in plain words.
  const clock = createClock(s.nodeId, now, { last: s.clockLast });
  const base = isNew ? null : Object.fromEntries(Object.keys(changes).map((f) => [f, baseOf(record, f)]));
  const ops = makeFieldOps({
    clock,
    device: s.deviceId,
    operator: s.operator,
    county: s.county,
    schemaVersion: SCHEMA_VERSION,
    source: { kind: 'ui' },
    entity,
    recordId,
    changes,
    base,
  });
  store.writeLocal(ops, new Date(now()).toISOString(), { clockLast: clock.last() });
  return ops;
}

function checkValues(entity: EntityName, values: Record<string, JsonValue>): void {
  const known = new Set(getSchema(entity).fields.map((f) => f.name));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  const errors = validateRecord(entity, values);
  for (const field of unknown) errors.push(validateField(entity, field, values[field])!);
  if (errors.length > 0) {
    throw new LocalWriteError(
      'VALIDATION',
      {
        zh: `有 ${errors.length} 处需要修改，未保存。`,
        en: `${errors.length} problem(s) must be fixed; nothing was saved.`,
      },
      errors,
    );
  }
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

/** A new record: defaults, then the device's county where the schema has a county field, then the input. */
export function createRecord(
  store: FileSyncStore,
  entityName: string,
  input: unknown,
  now: () => number = Date.now,
): { recordId: string; ops: Op[] } {
  const entity = entityOf(entityName);
  const s = settingsOf(store);
  const hasCounty = getSchema(entity).fields.some((f) => f.name === 'county');
  const values: Record<string, JsonValue> = {
    ...defaultValues(entity),
    ...(hasCounty ? { county: s.county } : {}),
    ...asValues(input),
  };
  checkValues(entity, values);
  const recordId = uuidv7();
  const changes = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
  return { recordId, ops: commitEdit(store, entity, recordId, changes, true, now) };
}

/** Changes to an existing record: the merged record must still be valid; unchanged fields make no ops. */
export function updateRecord(
  store: FileSyncStore,
  entityName: string,
  recordId: string,
  input: unknown,
  now: () => number = Date.now,
): Op[] {
  const entity = entityOf(entityName);
  const current = currentValues(store, entity, recordId);
  if (!current)
    throw new LocalWriteError('NOT_FOUND', { zh: `找不到这条记录：${recordId}`, en: `No such record: ${recordId}` });
  const patch = asValues(input);
  checkValues(entity, { ...current, ...patch });
  const changes = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => JSON.stringify(current[k] ?? null) !== JSON.stringify(v)),
  );
  if (Object.keys(changes).length === 0) return [];
  return commitEdit(store, entity, recordId, changes, false, now);
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
