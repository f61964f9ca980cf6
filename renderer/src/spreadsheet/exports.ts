/**
 * Workbooks of what is on screen: the 需求清单 (demands with their enterprise), the 走访台账 (visits), the 企业名录
 * and the 科技特派员名册,
 * exactly the rows the list shows after search and filters; and the monthly report of one county.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import {
  commissionerListWorkbook,
  demandListWorkbook,
  enterpriseListWorkbook,
  monthlyReportWorkbook,
  visitLedgerWorkbook,
  type ExportRow,
  type ReportRecord,
} from '@shared/spreadsheet';
import { formatDateTime } from '../format';
import { repos, titleOf, valuesOf } from '../storage/repositories';
import type { RecordRow } from '../storage/rows';
import type { MessageKey } from '../i18n';

export interface ShownRow {
  id: string;
  values: Readonly<Record<string, JsonValue>>;
}

/** The lists that can be exported as on screen, by the entity the list shows. */
export const LIST_EXPORTS: Partial<
  Record<
    EntityName,
    {
      fileKey: MessageKey;
      build: (
        rows: readonly ExportRow[],
        refLabel: (e: string, id: string) => string | undefined,
        subtitle: string,
      ) => Uint8Array;
    }
  >
> = {
  demand: {
    fileKey: 'import.file.demandList',
    build: (rows, refLabel, subtitle) => demandListWorkbook(rows, { refLabel, subtitle }),
  },
  visit: {
    fileKey: 'import.file.visitLedger',
    build: (rows, refLabel, subtitle) => visitLedgerWorkbook(rows, { refLabel, subtitle }),
  },
  enterprise: {
    fileKey: 'import.file.enterpriseList',
    build: (rows, refLabel, subtitle) => enterpriseListWorkbook(rows, { refLabel, subtitle }),
  },
  commissioner: {
    fileKey: 'import.file.commissionerList',
    build: (rows, refLabel, subtitle) => commissionerListWorkbook(rows, { refLabel, subtitle }),
  },
};

async function byId(entity: EntityName): Promise<Map<string, RecordRow>> {
  return new Map((await repos().records.list(entity)).map((r) => [r.recordId, r]));
}

/** entity → id → title of every record a list's references may name. */
async function refLabels(entities: readonly EntityName[]): Promise<(entity: string, id: string) => string | undefined> {
  const maps = new Map<string, Map<string, string>>();
  for (const e of entities) {
    const m = new Map<string, string>();
    for (const [id, row] of await byId(e)) m.set(id, titleOf(e, valuesOf(row)));
    maps.set(e, m);
  }
  return (entity, id) => maps.get(entity)?.get(id);
}

export function today(now: Date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The workbook of the rows shown; null for a list without an export layout. */
export async function listExportWorkbook(
  entity: EntityName,
  shown: readonly ShownRow[],
  subtitle: string,
): Promise<Uint8Array | null> {
  const spec = LIST_EXPORTS[entity];
  if (!spec) return null;
  const enterprises = entity === 'demand' ? await byId('enterprise') : new Map<string, RecordRow>();
  const rows: ExportRow[] = shown.map((r) => {
    const enterpriseId = typeof r.values.enterprise === 'string' ? r.values.enterprise : null;
    const enterprise = enterpriseId ? enterprises.get(enterpriseId) : undefined;
    return {
      records: {
        [entity]: r.values,
        ...(entity === 'demand' && enterprise ? { enterprise: valuesOf(enterprise) } : {}),
      },
    };
  });
  const refLabel = await refLabels([
    'enterprise',
    'commissioner',
    'cluster',
    'industry',
    'workstation',
    'demand',
    'visit',
  ]);
  return spec.build(rows, refLabel, subtitle);
}

/** When a record was first written here: its oldest field stamp (HLCs start with the ISO time). */
function createdAt(row: RecordRow): string {
  let first = row.last.hlc;
  for (const f of Object.values(row.fields)) if (f.hlc < first) first = f.hlc;
  return first.slice(0, 24);
}

/** Counties that have records, for the report's county choice. */
export async function countiesWithRecords(): Promise<string[]> {
  const set = new Set<string>();
  for (const e of ['enterprise', 'demand', 'commissioner', 'visit'] as const)
    for (const r of await repos().records.list(e)) if (/^\d{6}$/.test(r.county)) set.add(r.county);
  return [...set].sort();
}

export async function monthlyReportBytes(county: string, month: string): Promise<Uint8Array> {
  const records: ReportRecord[] = [];
  for (const e of ['enterprise', 'demand', 'commissioner', 'visit'] as const) {
    for (const r of await repos().records.list(e))
      records.push({ entity: e, values: valuesOf(r), createdAt: createdAt(r) });
  }
  return monthlyReportWorkbook({
    county,
    month,
    records,
    generatedAt: formatDateTime(new Date()), // the office's wall clock (Asia/Shanghai), not UTC
  });
}
