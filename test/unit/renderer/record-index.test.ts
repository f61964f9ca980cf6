import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { indexSettled, resetListIndexes } from '../../../renderer/src/data/list-index';
import { RecordIndex, type ListRow } from '../../../renderer/src/data/record-index';
import { createRepositories, setRepositories } from '../../../renderer/src/storage/repositories';
import { demandFor, ENTERPRISE, freshDb } from './storage/helpers';

let hlc = 0;
const row = (id: string, values: ListRow['values']): ListRow => ({
  id,
  values,
  updatedAt: `2026-11-28T09:00:${String(hlc++).padStart(2, '0')}.000Z`,
});

const demands = (): ListRow[] => [
  row('a', {
    name: '羊绒染色废水处理',
    status: 'draft',
    keywords: ['废水', '羊绒'],
    currentTrl: 3,
    cluster: 'cl-cashmere',
  }),
  row('b', {
    name: '钢锹热处理工艺改进',
    status: 'reported',
    keywords: ['热处理'],
    currentTrl: 5,
    cluster: 'cl-steel',
  }),
  row('c', { name: '羊绒分梳设备升级', status: 'reported', keywords: ['设备'], currentTrl: 5, cluster: 'cl-cashmere' }),
];

const ids = (rows: readonly ListRow[]): string[] => rows.map((r) => r.id);

describe('RecordIndex search (Chinese by character bigrams)', () => {
  const index = new RecordIndex('demand', demands());

  it('finds two Chinese characters anywhere in a text field, newest first', () => {
    expect(ids(index.query('羊绒'))).toEqual(['c', 'a']);
    expect(ids(index.query('热处理'))).toEqual(['b']);
  });

  it('finds a single character', () => {
    expect(ids(index.query('梳'))).toEqual(['c']);
    expect(ids(index.query('理'))).toEqual(['b', 'a']);
  });

  it('verifies candidates: all the bigrams present is not enough, the characters must be adjacent', () => {
    // 羊绒 and 废水 are both in a, but not as 羊绒废水
    expect(ids(index.query('羊绒废水'))).toEqual([]);
    expect(ids(index.query('染色废水'))).toEqual(['a']);
  });

  it('searches keyword lists and needs every word of a multi-word search', () => {
    expect(ids(index.query('设备'))).toEqual(['c']);
    expect(ids(index.query('羊绒 设备'))).toEqual(['c']);
    expect(ids(index.query('羊绒 钢锹'))).toEqual([]);
  });

  it('does not match across two fields', () => {
    // name of a ends with 处理, its first keyword is 废水: 理废 spans the boundary
    expect(ids(index.query('理废'))).toEqual([]);
  });

  it('finds an enterprise by the start of its credit code, in any case', () => {
    const firms = new RecordIndex('enterprise', [
      row('x', { name: '清河县羊绒制品有限公司', creditCode: '91350100M000100Y43' }),
      row('y', { name: '辛集市皮革厂', creditCode: '92130181MA0000001K' }),
    ]);
    expect(ids(firms.query('91350100'))).toEqual(['x']);
    expect(ids(firms.query('9213'))).toEqual(['y']);
    expect(ids(firms.query('m000100y'))).toEqual(['x']);
  });

  it('lists everything, newest first, when there is no search and no filter', () => {
    expect(ids(index.query(''))).toEqual(['c', 'b', 'a']);
  });
});

describe('RecordIndex built in the background', () => {
  it('answers by scanning until its posting lists are built, then the same from the lists', () => {
    const index = new RecordIndex('demand', demands(), { background: true });
    expect(ids(index.query('羊绒'))).toEqual(['c', 'a']);
    expect(ids(index.query('羊绒废水'))).toEqual([]);
    index.upsert([row('d', { name: '羊绒衫定型', status: 'draft', keywords: [] })]);
    expect(ids(index.query('羊绒'))).toEqual(['d', 'c', 'a']);
    expect(index.indexMore(Infinity)).toBe(true);
    expect(ids(index.query('羊绒'))).toEqual(['d', 'c', 'a']);
    expect(ids(index.query('梳'))).toEqual(['c']);
    expect(ids(index.query('羊绒 设备'))).toEqual(['c']);
  });
});

describe('RecordIndex filters', () => {
  const index = new RecordIndex('demand', demands());

  it('combines filters with each other and with the search, ignoring cleared ones', () => {
    expect(ids(index.query('', { status: 'reported', currentTrl: 5 }))).toEqual(['c', 'b']);
    expect(ids(index.query('羊绒', { status: 'reported', township: undefined }))).toEqual(['c']);
    expect(ids(index.query('', { cluster: 'cl-cashmere', status: 'draft' }))).toEqual(['a']);
    expect(ids(index.query('', { keywords: '废水' }))).toEqual(['a']);
    expect(ids(index.query('', { status: 'solved' }))).toEqual([]);
  });

  it('names the values present in a field, for filter options', () => {
    expect(index.presentValues('cluster').sort()).toEqual(['cl-cashmere', 'cl-steel']);
    expect(index.presentValues('currentTrl').sort()).toEqual([3, 5]);
  });
});

describe('RecordIndex updates', () => {
  it('re-indexes a changed record only: old text and filter values no longer match, new ones do, and it moves to the top', () => {
    const index = new RecordIndex('demand', demands());
    expect(ids(index.query('', { status: 'reported' }))).toEqual(['c', 'b']);
    index.upsert([
      row('b', { name: '钢锹淬火裂纹', status: 'matching', keywords: [], currentTrl: 5, cluster: 'cl-steel' }),
    ]);
    expect(ids(index.query('热处理'))).toEqual([]);
    expect(ids(index.query('淬火'))).toEqual(['b']);
    expect(ids(index.query('', { status: 'reported' }))).toEqual(['c']);
    expect(ids(index.query('', { status: 'matching' }))).toEqual(['b']);
    expect(ids(index.query(''))).toEqual(['b', 'c', 'a']);
    expect(index.size).toBe(3);
  });

  it('forgets a removed record everywhere', () => {
    const index = new RecordIndex('demand', demands());
    index.query('', { cluster: 'cl-steel' });
    index.remove(['b']);
    expect(ids(index.query('钢锹'))).toEqual([]);
    expect(ids(index.query('', { cluster: 'cl-steel' }))).toEqual([]);
    expect(index.presentValues('cluster')).toEqual(['cl-cashmere']);
    expect(index.size).toBe(2);
    expect(index.get('b')).toBeUndefined();
  });

  it('stays correct through many rewrites (dead versions are compacted away)', () => {
    const index = new RecordIndex('demand', demands());
    for (let i = 0; i < 3000; i++)
      index.upsert([row('a', { name: `羊绒第${i}版`, status: 'draft', keywords: [], cluster: 'cl-cashmere' })]);
    expect(ids(index.query('羊绒'))).toEqual(['a', 'c']);
    expect(ids(index.query('第2999版'))).toEqual(['a']);
    expect(ids(index.query('第2998版'))).toEqual([]);
    expect(index.size).toBe(3);
  });
});

describe('the list index of the app', () => {
  afterEach(() => resetListIndexes());

  it('is built once from the database and follows each write: a save re-indexes that record, a delete drops it', async () => {
    const repositories = createRepositories(freshDb());
    setRepositories(repositories);
    const as = { operator: '张三' };
    const firm = await repositories.records.save('enterprise', null, ENTERPRISE, as);
    const first = await repositories.records.save('demand', null, demandFor(firm.recordId), as);
    expect(ids((await indexSettled('demand')).query('废水处理'))).toEqual([first.recordId]);

    const second = await repositories.records.save(
      'demand',
      null,
      { ...demandFor(firm.recordId), name: '羊绒分梳设备升级' },
      as,
    );
    expect(ids((await indexSettled('demand')).query('羊绒'))).toEqual([second.recordId, first.recordId]);

    await repositories.records.save('demand', first.recordId, { name: '钢锹热处理' }, as);
    const afterEdit = await indexSettled('demand');
    expect(ids(afterEdit.query('废水处理'))).toEqual([]);
    expect(ids(afterEdit.query('热处理'))).toEqual([first.recordId]);

    await repositories.records.remove('demand', second.recordId, as);
    expect(ids((await indexSettled('demand')).query(''))).toEqual([first.recordId]);
  });

  it('takes a batch write in one update', async () => {
    const repositories = createRepositories(freshDb());
    setRepositories(repositories);
    const firm = await repositories.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    expect((await indexSettled('demand')).size).toBe(0);
    const saved = await repositories.records.saveMany(
      'demand',
      [1, 2, 3].map((n) => ({ recordId: null, changes: { ...demandFor(firm.recordId), name: `导入需求${n}` } })),
      { operator: '张三', source: { kind: 'import', file: '需求调查.xlsx' } },
    );
    const index = await indexSettled('demand');
    expect(ids(index.query('导入需求'))).toEqual(saved.map((r) => r.recordId).reverse());
  });
});
