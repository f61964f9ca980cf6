import type { OfficeScope } from '@shared/domain/scope';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EntityName, JsonValue } from '@shared/change/op';
import {
  detectMapping,
  extractRows,
  isSpreadsheetError,
  lookupFromRecords,
  planImport,
  readWorkbook,
  type ColumnMapping,
  type ImportPlan,
  type Workbook,
} from '@shared/spreadsheet';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/spreadsheets/', import.meta.url));
export const GAOYANG = '130628';

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function readOk(name: string, bytes = fixture(name)): Workbook {
  const wb = readWorkbook(bytes, name);
  if (isSpreadsheetError(wb)) throw new Error(`${name}: ${wb.code} ${wb.message.zh}`);
  return wb;
}

export type StoredRecord = { entity: EntityName; id: string; values: Record<string, JsonValue> };

/** Applies a plan's writes to an in-memory store, the way the repository write path would. */
export function applyPlan(store: StoredRecord[], plan: ImportPlan): StoredRecord[] {
  const out = store.map((r) => ({ ...r, values: { ...r.values } }));
  for (const rec of plan.records) {
    if (rec.action === 'unchanged') continue;
    const had = out.find((r) => r.entity === rec.entity && r.id === rec.id);
    if (had) Object.assign(had.values, rec.values);
    else out.push({ entity: rec.entity, id: rec.id, values: { ...rec.values } });
  }
  return out;
}

export function planFile(
  name: string,
  options: {
    entity?: EntityName;
    store?: StoredRecord[];
    mapping?: ColumnMapping;
    bytes?: Uint8Array;
    defaults?: Record<string, JsonValue>;
    scope?: OfficeScope;
  } = {},
): { workbook: Workbook; mapping: ColumnMapping; plan: ImportPlan } {
  const entity = options.entity ?? 'demand';
  const workbook = readOk(name, options.bytes);
  const mapping = options.mapping ?? detectMapping(workbook, entity);
  const rows = extractRows(workbook, mapping);
  if (!rows.ok) throw new Error(rows.code);
  let n = 0;
  const plan = planImport({
    entity,
    rows: rows.rows,
    mapping,
    existing: lookupFromRecords(options.store ?? []),
    fileName: name,
    newId: () => `new-${entity}-${++n}`,
    defaults: options.defaults ?? { county: GAOYANG },
    date1904: workbook.date1904,
    exampleRows: rows.exampleRows,
    notices: [...workbook.notices, ...rows.notices],
    ...(options.scope ? { scope: options.scope } : {}),
  });
  return { workbook, mapping, plan };
}
