// The record lists answer a clerk's everyday questions: sorted by a column, found by the enterprise's name, kept
// as they were left, limited to the office's county, counted in records.
import 'fake-indexeddb/auto';
import { getField } from '@shared/domain/registry';
import { afterEach, describe, expect, it } from 'vitest';
import { nextSort, useListStore } from '../../../renderer/src/app/list-state';
import { indexSettled, resetListIndexes } from '../../../renderer/src/data/list-index';
import type { ListRow } from '../../../renderer/src/data/record-index';
import { sortRows } from '../../../renderer/src/data/sort-rows';
import { concernsOffice } from '../../../renderer/src/data/useOfficeScope';
import { createRepositories, setRepositories } from '../../../renderer/src/storage/repositories';
import { demandFor, ENTERPRISE, freshDb } from './storage/helpers';

const row = (id: string, values: ListRow['values']): ListRow => ({ id, values, updatedAt: '2026-11-28T09:00:00Z' });
const ids = (rows: readonly ListRow[]): string[] => rows.map((r) => r.id);
const field = (entity: 'demand' | 'enterprise', name: string) => getField(entity, name)!;

afterEach(() => resetListIndexes());

describe('a list sorted by a column', () => {
  // the list comes newest first: a, b, c, d
  const rows = [
    row('a', { name: '羊绒染色', budget: 30, status: 'reported', surveyDate: '2026-03-01' }),
    row('b', { name: '钢锹热处理', budget: 5, status: 'draft' }),
    row('c', { name: '阿胶提纯', budget: 120, status: 'county_verified', surveyDate: '2025-12-31' }),
    row('d', { name: '保温材料', status: 'draft', surveyDate: '2026-01-15' }),
  ];

  it('sorts amounts by value, empty cells last in both directions', () => {
    expect(ids(sortRows(rows, field('demand', 'budget'), 'ascend', 'zh-CN'))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(sortRows(rows, field('demand', 'budget'), 'descend', 'zh-CN'))).toEqual(['c', 'a', 'b', 'd']);
  });

  it('sorts dates by date', () => {
    expect(ids(sortRows(rows, field('demand', 'surveyDate'), 'ascend', 'zh-CN'))).toEqual(['c', 'd', 'a', 'b']);
  });

  it('sorts a status in its workflow order, ties keeping newest first', () => {
    expect(ids(sortRows(rows, field('demand', 'status'), 'ascend', 'zh-CN'))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('sorts names in Chinese (pinyin) order', () => {
    // 阿 ā, 保 bǎo, 钢 gāng, 羊 yáng
    expect(ids(sortRows(rows, field('demand', 'name'), 'ascend', 'zh-CN'))).toEqual(['c', 'd', 'b', 'a']);
  });

  it('sorts a reference by the name it shows, not its id', () => {
    const titles = new Map([
      ['e1', '张家口恒通机械'],
      ['e2', '安平丝网'],
    ]);
    const byFirm = [row('x', { enterprise: 'e1' }), row('y', { enterprise: 'e2' })];
    expect(ids(sortRows(byFirm, field('demand', 'enterprise'), 'ascend', 'zh-CN', titles))).toEqual(['y', 'x']);
  });

  it('a header click goes ascending, descending, then back to newest first', () => {
    const once = nextSort(null, 'budget');
    expect(once).toEqual({ field: 'budget', order: 'ascend' });
    const twice = nextSort(once, 'budget');
    expect(twice).toEqual({ field: 'budget', order: 'descend' });
    expect(nextSort(twice, 'budget')).toBeNull();
    expect(nextSort(twice, 'name')).toEqual({ field: 'name', order: 'ascend' });
  });
});

describe('the list state', () => {
  it('keeps search, filters and sort per section until changed', () => {
    const { update } = useListStore.getState();
    update('demands', { search: '恒通', filters: { status: 'draft' } });
    update('demands', { sort: { field: 'budget', order: 'descend' } });
    update('enterprises', { search: '羊绒' });
    expect(useListStore.getState().bySection.demands).toEqual({
      search: '恒通',
      filters: { status: 'draft' },
      sort: { field: 'budget', order: 'descend' },
    });
    expect(useListStore.getState().bySection.enterprises?.search).toBe('羊绒');
  });
});

describe('a demand is found by its enterprise name', () => {
  it('finds it, and follows a renamed enterprise', async () => {
    const repositories = createRepositories(freshDb());
    setRepositories(repositories);
    const as = { operator: '张三' };
    const firm = await repositories.records.save(
      'enterprise',
      null,
      { ...ENTERPRISE, name: '清河县恒通机械有限公司' },
      as,
    );
    const demand = await repositories.records.save('demand', null, demandFor(firm.recordId), as);
    // the demand's own text does not hold the name: only its enterprise does
    expect(demandFor(firm.recordId).name).not.toContain('恒通');
    expect(ids((await indexSettled('demand')).query('恒通'))).toEqual([demand.recordId]);

    await repositories.records.save('enterprise', firm.recordId, { name: '清河县宏达机械有限公司' }, as);
    const index = await indexSettled('demand');
    expect(ids(index.query('宏达'))).toEqual([demand.recordId]);
    expect(ids(index.query('恒通'))).toEqual([]);
  });
});

describe('the cluster list of an office', () => {
  it('shows a cluster that names the county, not others', () => {
    const qinghe = { level: 'county', code: '130534' } as const;
    expect(concernsOffice(qinghe, ['130534', '130535'])).toBe(true);
    expect(concernsOffice(qinghe, ['130181'])).toBe(false);
    expect(concernsOffice(qinghe, undefined)).toBe(false);
  });
});

describe('counts in records', () => {
  it('one enterprise and one demand wait as two records, however many fields they have', async () => {
    const repositories = createRepositories(freshDb());
    setRepositories(repositories);
    const as = { operator: '张三' };
    const firm = await repositories.records.save('enterprise', null, ENTERPRISE, as);
    await repositories.records.save('enterprise', firm.recordId, { address: '清河县城关镇' }, as);
    await repositories.records.save('demand', null, demandFor(firm.recordId), as);
    expect(await repositories.records.pendingCount()).toBeGreaterThan(2);
    expect(await repositories.records.pendingRecords()).toBe(2);
  });
});
