import { describe, expect, it } from 'vitest';
import type { ListRow } from '../../../renderer/src/data/useRecords';
import { applyFilters, indexRows } from '../../../renderer/src/pages/entity/filtering';

const row = (id: string, values: ListRow['values']): ListRow => ({ id, values, updatedAt: '' });

const rows = [
  row('a', { name: '羊绒染色废水处理', status: 'draft', keywords: ['废水', '羊绒'], currentTrl: 3 }),
  row('b', { name: '钢锹热处理工艺改进', status: 'reported', keywords: ['热处理'], currentTrl: 5 }),
  row('c', { name: '羊绒分梳设备升级', status: 'reported', keywords: ['设备'], currentTrl: 5 }),
];

describe('list search and filters', () => {
  const indexed = indexRows(rows);

  it('finds Chinese text anywhere in a value, list values included', () => {
    expect(applyFilters(indexed, '羊绒', {}).map((r) => r.id)).toEqual(['a', 'c']);
    expect(applyFilters(indexed, '热处理', {}).map((r) => r.id)).toEqual(['b']);
  });

  it('needs every word of a multi-word search', () => {
    expect(applyFilters(indexed, '羊绒 设备', {}).map((r) => r.id)).toEqual(['c']);
  });

  it('combines filters with the search and ignores cleared filters', () => {
    expect(applyFilters(indexed, '', { status: 'reported', currentTrl: 5 }).map((r) => r.id)).toEqual(['b', 'c']);
    expect(applyFilters(indexed, '羊绒', { status: 'reported', township: undefined }).map((r) => r.id)).toEqual(['c']);
    expect(applyFilters(indexed, '', { keywords: '废水' }).map((r) => r.id)).toEqual(['a']);
  });
});
