// County data for the statistics and export tests, merged into current state through the same merge path as the ingest.
import { createClock, makeTombstone, randomNodeId, type EntityName, type JsonValue } from '@shared/change';
import { SCHEMA_VERSION } from '@shared/domain';
import { withTransaction, type Pool } from '../../../server/src/db/pool';
import { mergeProvinceOps, provinceOps, type ProvinceEdit } from '../../../server/src/reference/province-ops';

export const INJECTION = '=HYPERLINK("http://evil.example/x","点我")';

const rec = (
  entity: EntityName,
  recordId: string,
  county: string,
  changes: Record<string, JsonValue>,
): ProvinceEdit => ({
  entity,
  recordId,
  county,
  changes,
  base: null,
  source: { kind: 'system' },
});

export const SEED: ProvinceEdit[] = [
  rec('industry', 'food', '13', { code: 'food', name: '食品' }),
  rec('cluster', 'zd_food', '13', { code: 'zd_food', name: '正定食品加工', counties: ['130123'], industry: 'food' }),
  rec('enterprise', 'e1', '130123', {
    name: INJECTION,
    creditCode: '91130123MA0000001X',
    county: '130123',
    cluster: 'zd_food',
  }),
  rec('enterprise', 'e2', '130123', { name: '正定机械厂', creditCode: '91130123MA0000002X', county: '130123' }),
  rec('enterprise', 'e3', '130628', { name: '高阳纺织厂', creditCode: '91130628MA0000003X', county: '130628' }),
  rec('demand', 'd1', '130123', {
    name: INJECTION,
    enterprise: 'e1',
    county: '130123',
    status: 'reported',
    activityType: 'applied_research',
    techField: 'electronic_info',
    surveyDate: '2026-03-01',
    cluster: 'zd_food',
  }),
  rec('demand', 'd2', '130123', {
    name: '数控改造',
    enterprise: 'e2',
    county: '130123',
    status: 'solved',
    techField: 'electronic_info',
    surveyDate: '2026-05-01',
  }),
  rec('demand', 'd3', '130628', {
    name: '印染节水',
    enterprise: 'e3',
    county: '130628',
    status: 'draft',
    techField: 'resources_environment',
    surveyDate: '2025-06-01',
  }),
  rec('demand', 'gone', '130123', {
    name: '已删除',
    enterprise: 'e2',
    county: '130123',
    status: 'draft',
    surveyDate: '2026-01-01',
  }),
  rec('commissioner', 'c1', '130123', { name: '李明', county: '130123' }),
  rec('commissioner', 'c2', '130123', { name: '张华', county: '130123' }),
  rec('visit', 'v1', '130123', {
    county: '130123',
    date: '2026-04-01',
    commissioners: ['c1', 'c2'],
    enterprise: 'e1',
    durationDays: 1.5,
  }),
  rec('visit', 'v2', '130123', {
    county: '130123',
    date: '2026-06-01',
    commissioners: ['c1'],
    enterprise: 'e2',
    durationDays: 2,
  }),
  rec('visit', 'v3', '130123', {
    county: '130123',
    date: '2025-12-01',
    commissioners: ['c2'],
    enterprise: 'e2',
    durationDays: 1,
  }),
  rec('visit', 'v4', '130628', {
    county: '130628',
    date: '2026-02-01',
    commissioners: ['c9'],
    enterprise: 'e3',
    durationDays: 1,
  }),
  rec('workstation', 'w1', '130123', { name: '正定镇工作站', county: '130123', township: '130123100' }),
  rec('workstation', 'w2', '130123', { name: '正定镇第二工作站', county: '130123', township: '130123100' }),
  rec('workstation', 'w3', '130123', { name: '新城铺工作站', county: '130123', township: '130123102' }),
];

export async function seedCountyData(pool: Pool): Promise<void> {
  const ops = provinceOps(SEED, '测试');
  const gone = makeTombstone({
    clock: createClock(randomNodeId()),
    device: 'county-pc',
    operator: '测试',
    county: '130123',
    schemaVersion: SCHEMA_VERSION,
    entity: 'demand',
    recordId: 'gone',
    base: null,
  });
  await withTransaction(pool, (client) => mergeProvinceOps(client, [...ops, gone]));
}
