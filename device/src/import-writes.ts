/**
 * The headless import: the same shared pipeline as the UI (read → map → dry-run plan) against the device's
 * records, and a commit of every planned write as ONE store transaction (all records' ops in one WAL entry):
 * every record is checked first with the shared write rules, so either all of them are written or none. Ops carry the source
 * { kind: 'import', file, row }.
 */
import { uuidv7, type EntityName, type JsonValue, type Op } from '@shared/change';
import type { FieldError } from '@shared/domain';
import type { WriteRefusal } from '@shared/domain/write-rules';
import {
  importFile,
  lookupFromRecords,
  planWrites,
  type ImportFileResult,
  type PlannedWrite,
} from '@shared/spreadsheet';
import { replica as R } from '@shared/sync';
import type { FileSyncStore } from './file-store';
import { checkEdits, commitEdits, currentValues, LocalWriteError, settingsOf } from './local-writes';

function liveRecords(store: FileSyncStore): { entity: EntityName; id: string; values: Record<string, JsonValue> }[] {
  const out: { entity: EntityName; id: string; values: Record<string, JsonValue> }[] = [];
  for (const r of store.replica().state.records.values()) {
    if (!r.deleted)
      out.push({ entity: r.entity, id: r.recordId, values: R.recordValues(r) as Record<string, JsonValue> });
  }
  return out;
}

/**
 * Plans the import of `bytes` against the device's live records; the device's county fills rows without one, and
 * rows of other counties (for a county office) are classified other_county and left out.
 */
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
    // Rows of counties outside the office's scope are listed as other county and not imported.
    scope: s.scope,
  });
}

/**
 * Writes a batch of planned writes in one transaction, every record checked first with the shared write rules
 * (the same as `create`/`update` and the UI): throws, writing nothing, when any record would be refused.
 */
export function writeBatch(store: FileSyncStore, writes: readonly PlannedWrite[], now: () => number = Date.now): Op[] {
  if (writes.length === 0) return [];
  for (const w of writes)
    if (w.action === 'update' && !currentValues(store, w.entity, w.recordId))
      throw new LocalWriteError('NOT_FOUND', {
        zh: `找不到要更新的记录：${w.recordId}`,
        en: `No such record to update: ${w.recordId}`,
      });
  const { edits, refusals } = checkEdits(
    store,
    writes.map((w) => ({ entity: w.entity, recordId: w.recordId, isNew: w.action === 'create', changes: w.values })),
  );
  if (refusals.size > 0) throw batchRefused(writes, refusals);
  return commitEdits(
    store,
    edits.flatMap((e, i) => (e ? [{ ...e, source: writes[i]!.source }] : [])),
    now,
  );
}

/** One error for a refused batch: every refused record's reason; the code is the shared rules' when all agree. */
function batchRefused(writes: readonly PlannedWrite[], refusals: ReadonlyMap<number, WriteRefusal>): LocalWriteError {
  const all = [...refusals].sort(([a], [b]) => a - b);
  const errors: FieldError[] = all.flatMap(([i, r]) =>
    r.code === 'VALIDATION' ? r.errors.map((e) => ({ ...e, field: `${writes[i]!.entity}.${e.field}` })) : [],
  );
  const codes = new Set(all.map(([, r]) => r.code));
  const code = codes.size === 1 ? all[0]![1].code : 'VALIDATION';
  const where = (i: number): string => {
    const row = writes[i]!.source;
    return row.kind === 'import' && row.row !== undefined ? `第 ${row.row} 行` : `#${i + 1}`;
  };
  const whereEn = (i: number): string => {
    const row = writes[i]!.source;
    return row.kind === 'import' && row.row !== undefined ? `row ${row.row}` : `#${i + 1}`;
  };
  return new LocalWriteError(
    code,
    {
      zh: `有 ${all.length} 条记录不能导入，未导入任何数据。${all.map(([i, r]) => `${where(i)}：${r.message.zh}`).join('；')}`,
      en: `${all.length} record(s) refused; nothing was imported. ${all.map(([i, r]) => `${whereEn(i)}: ${r.message.en}`).join('; ')}`,
    },
    errors,
  );
}

export { planWrites };
