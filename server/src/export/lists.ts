// `export demands|visits [--county CODE]`: the province's lists from the merged current state, written with the
// shared workbooks (every text cell neutralised against formula injection by the shared writer).
import type { EntityName, JsonValue } from '@shared/change';
import { getDivision } from '@shared/domain';
import { demandListWorkbook, visitLedgerWorkbook, type ExportRow } from '@shared/spreadsheet';
import type { Pool } from '../db/pool.js';
import { currentRecords, type CurrentRecord } from '../reference/current-state.js';

export const EXPORT_LISTS = ['demands', 'visits'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

/** Entities a list names by id (enterprise, commissioners, cluster…): shown by their name. */
const NAMED: readonly EntityName[] = ['enterprise', 'commissioner', 'cluster', 'industry', 'workstation'];

export interface ListFile {
  bytes: Uint8Array;
  rows: number;
}

export async function exportList(
  pool: Pool,
  list: ExportList,
  county: string | undefined,
  now = new Date(),
): Promise<ListFile> {
  const entity: EntityName = list === 'demands' ? 'demand' : 'visit';
  const [records, names] = await Promise.all([
    currentRecords(pool, [entity], county ? { county } : {}),
    recordNames(pool),
  ]);
  const sorted = [...records].sort(
    (a, b) => compareText(a.county, b.county) || compareText(dateOf(b), dateOf(a)) || compareText(a.id, b.id),
  );
  const enterprises = list === 'demands' ? await enterprisesOf(pool, sorted) : new Map<string, CurrentRecord>();
  const rows: ExportRow[] = sorted.map((r) => {
    const enterpriseId = r.values.enterprise;
    const enterprise = typeof enterpriseId === 'string' ? enterprises.get(enterpriseId) : undefined;
    return { records: { [entity]: r.values, ...(enterprise ? { enterprise: enterprise.values } : {}) } };
  });
  const scope = county ? (getDivision(county)?.name ?? county) : '全省';
  const options = {
    subtitle: `导出时间：${now.toISOString().slice(0, 10)}  范围：${scope}  共 ${rows.length} 条`,
    refLabel: (target: string, id: string) => names.get(`${target}|${id}`),
  };
  const bytes = list === 'demands' ? demandListWorkbook(rows, options) : visitLedgerWorkbook(rows, options);
  return { bytes, rows: rows.length };
}

function dateOf(r: CurrentRecord): string {
  const v: JsonValue | undefined = r.values.surveyDate ?? r.values.date;
  return typeof v === 'string' ? v : '';
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function enterprisesOf(pool: Pool, records: readonly CurrentRecord[]): Promise<Map<string, CurrentRecord>> {
  const ids = [...new Set(records.map((r) => r.values.enterprise).filter((v): v is string => typeof v === 'string'))];
  if (ids.length === 0) return new Map();
  const all = await currentRecords(pool, ['enterprise'], { withDeleted: true });
  const wanted = new Set(ids);
  return new Map(all.filter((e) => wanted.has(e.id)).map((e) => [e.id, e]));
}

/** `entity|id` → name, for every record a list may refer to (deleted ones too: an old visit still names them). */
async function recordNames(pool: Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ entity: string; record_id: string; name: string | null }>(
    `SELECT entity, record_id, fields->'name'->>'value' AS name FROM records WHERE entity = ANY($1::text[])`,
    [NAMED],
  );
  return new Map(rows.filter((r) => r.name !== null).map((r) => [`${r.entity}|${r.record_id}`, r.name!]));
}
