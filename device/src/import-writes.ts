/**
 * The headless import: the same shared pipeline as the UI (read → map → dry-run plan) against the device's
 * records, and a commit of every planned write as ONE store transaction (all records' ops in one WAL entry):
 * every record is validated first, so either all of them are written or none. Ops carry the source
 * { kind: 'import', file, row }.
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
import { SCHEMA_VERSION, validateRecord, type FieldError } from '@shared/domain';
import {
  importFile,
  lookupFromRecords,
  planWrites,
  type ImportFileResult,
  type PlannedWrite,
} from '@shared/spreadsheet';
import { replica as R } from '@shared/sync';
import type { FileSyncStore } from './file-store';
import { currentValues, LocalWriteError, settingsOf } from './local-writes';

function liveRecords(store: FileSyncStore): { entity: EntityName; id: string; values: Record<string, JsonValue> }[] {
  const out: { entity: EntityName; id: string; values: Record<string, JsonValue> }[] = [];
  for (const r of store.replica().state.records.values()) {
    if (!r.deleted)
      out.push({ entity: r.entity, id: r.recordId, values: R.recordValues(r) as Record<string, JsonValue> });
  }
  return out;
}

/** Plans the import of `bytes` against the device's live records; the device's county fills rows without one. */
export function planDeviceImport(
  store: FileSyncStore,
  bytes: Uint8Array,
  fileName: string,
  entity: EntityName,
  fill?: Readonly<Record<string, string>>,
): ImportFileResult {
  const s = settingsOf(store);
  return importFile({
    bytes,
    fileName,
    entity,
    existing: lookupFromRecords(liveRecords(store)),
    newId: uuidv7,
    defaults: { county: s.county },
    ...(fill ? { fill } : {}),
  });
}

/** Writes a batch of planned writes in one transaction; throws (writing nothing) when any record would be invalid. */
export function writeBatch(store: FileSyncStore, writes: readonly PlannedWrite[], now: () => number = Date.now): Op[] {
  if (writes.length === 0) return [];
  const s = settingsOf(store);
  const errors: FieldError[] = [];
  for (const w of writes) {
    const current = currentValues(store, w.entity, w.recordId);
    if (w.action === 'update' && !current)
      throw new LocalWriteError('NOT_FOUND', {
        zh: `找不到要更新的记录：${w.recordId}`,
        en: `No such record to update: ${w.recordId}`,
      });
    for (const e of validateRecord(w.entity, { ...(current ?? {}), ...w.values }))
      errors.push({ ...e, field: `${w.entity}.${e.field}` });
  }
  if (errors.length > 0) {
    throw new LocalWriteError(
      'VALIDATION',
      {
        zh: `有 ${errors.length} 处需要修改，未导入任何数据。`,
        en: `${errors.length} problem(s); nothing was imported.`,
      },
      errors,
    );
  }
  const clock = createClock(s.nodeId, now, { last: s.clockLast });
  const ops: Op[] = [];
  for (const w of writes) {
    const record = store.replica().state.records.get(recordKey(w.entity, w.recordId));
    const base =
      w.action === 'create' ? null : Object.fromEntries(Object.keys(w.values).map((f) => [f, baseOf(record, f)]));
    ops.push(
      ...makeFieldOps({
        clock,
        device: s.deviceId,
        operator: s.operator,
        county: s.county,
        schemaVersion: SCHEMA_VERSION,
        source: w.source,
        entity: w.entity,
        recordId: w.recordId,
        changes: w.values,
        base,
      }),
    );
  }
  store.writeLocal(ops, new Date(now()).toISOString(), { clockLast: clock.last() });
  return ops;
}

export { planWrites };
