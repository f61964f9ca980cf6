// Workbooks of what is stored and shown: the 走访台账 names commissioners and enterprises (never ids), the
// 需求清单 carries each demand's enterprise, and the county monthly report counts this county's records only.
// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { listExportWorkbook, monthlyReportBytes } from '../../../../renderer/src/spreadsheet/exports';
import { valuesOf } from '../../../../renderer/src/storage/repositories';
import { freshApp } from '../dom-setup';

const as = { operator: '王科员' };
// records are stamped in UTC (their HLC): the visit date and the report month follow it
const UTC_DAY = new Date().toISOString().slice(0, 10);
const sheetRows = (bytes: Uint8Array, sheet: string): unknown[][] =>
  XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(bytes).Sheets[sheet]!, { header: 1 });

async function seed(): Promise<{ repos: ReturnType<typeof freshApp>['repos']; visitId: string; demandId: string }> {
  const { repos } = freshApp();
  const enterprise = await repos.records.save(
    'enterprise',
    null,
    { creditCode: '91350100M000100Y43', name: '高阳县纺织有限公司', county: '130628' },
    as,
  );
  const commissioner = await repos.records.save(
    'commissioner',
    null,
    { name: '李特派', kind: 'enterprise', sendingUnit: '河北农业大学', county: '130628' },
    as,
  );
  const visit = await repos.records.save(
    'visit',
    null,
    {
      commissioners: [commissioner.recordId],
      enterprise: enterprise.recordId,
      date: UTC_DAY,
      mode: 'onsite',
      content: '走访车间，了解分梳设备能耗问题。',
      county: '130628',
    },
    as,
  );
  const demand = await repos.records.save(
    'demand',
    null,
    {
      enterprise: enterprise.recordId,
      name: '分梳设备节能改造',
      problem: '分梳设备能耗高。',
      keywords: ['节能'],
      techField: 'new_materials',
      county: '130628',
    },
    as,
  );
  // another county's demand: never in this county's report
  await repos.records.save(
    'demand',
    null,
    {
      enterprise: enterprise.recordId,
      name: '别县的需求',
      problem: '问题。',
      keywords: ['其他'],
      techField: 'new_materials',
      county: '130123',
    },
    as,
  );
  return { repos, visitId: visit.recordId, demandId: demand.recordId };
}

describe('exports', () => {
  it('the 走访台账 of the visits shown names the commissioner and the enterprise', async () => {
    const { repos, visitId } = await seed();
    const visit = (await repos.records.get('visit', visitId))!;
    const bytes = await listExportWorkbook('visit', [{ id: visitId, values: valuesOf(visit) }], '导出');
    const rows = sheetRows(bytes!, '台账');
    const line = rows.find((r) => r[0] === 1)!;
    expect(line.join('|')).toContain('李特派');
    expect(line.join('|')).toContain('高阳县纺织有限公司');
    expect(line.join('|')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('the 需求清单 carries the demand and its enterprise; the read-only 产业集群 has no export layout', async () => {
    const { repos, demandId } = await seed();
    const demand = (await repos.records.get('demand', demandId))!;
    const rows = sheetRows(
      (await listExportWorkbook('demand', [{ id: demandId, values: valuesOf(demand) }], '导出'))!,
      '需求清单',
    );
    const line = rows.find((r) => r[0] === 1)!;
    expect(line).toContain('分梳设备节能改造');
    expect(line).toContain('高阳县纺织有限公司');
    expect(line).toContain('91350100M000100Y43');
    expect(rows.filter((r) => typeof r[0] === 'number')).toHaveLength(1);
    expect(await listExportWorkbook('cluster', [], '')).toBeNull();
  });

  it('the monthly report of one county counts its own records this month, one sheet per section', async () => {
    await seed();
    const bytes = await monthlyReportBytes('130628', UTC_DAY.slice(0, 7));
    const book = XLSX.read(bytes);
    expect(book.SheetNames).toEqual(['概况', '需求状态', '技术领域', '走访服务', '特派员']);
    const overview = sheetRows(bytes, '概况');
    const demandLine = overview.find((r) => r[0] === '企业技术需求')!;
    // 本月末累计 and 本月新增: the one demand of 高阳县, not the other county's
    expect(demandLine.slice(1, 4)).toEqual([1, 0, 1]);
    expect(overview.find((r) => r[0] === '服务记录')!.slice(1, 4)).toEqual([1, 0, 1]);
  });
});
