import { defineEntity, L } from '../schema';
import { DIVISION_LEVELS } from '../vocab';

/** Divisions travel as province-owned reference data (e.g. a renamed township); the shipped tree is divisions.ts. */
export const divisionSchema = defineEntity({
  name: 'division',
  labels: L('行政区划', 'Division'),
  ownedBy: 'province',
  titleField: 'name',
  fields: [
    {
      name: 'code',
      kind: 'text',
      required: true,
      maxLength: 12,
      pattern: {
        regex: /^13(\d{2}|\d{4}|\d{7})$/,
        hint: L(
          '河北的区划代码：13 开头的 4、6 或 9 位数字',
          'a Hebei division code: 4, 6 or 9 digits starting with 13',
        ),
      },
      labels: L('区划代码', 'Code'),
      headers: ['代码', '行政区划代码', '统计用区划代码'],
      listColumn: { order: 1, width: 120 },
    },
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 40,
      labels: L('名称', 'Name'),
      headers: ['区划名称'],
      listColumn: { order: 2, width: 200 },
    },
    {
      name: 'level',
      kind: 'enum',
      required: true,
      options: DIVISION_LEVELS,
      labels: L('级别', 'Level'),
      listColumn: { order: 3, width: 80 },
    },
    { name: 'parent', kind: 'text', maxLength: 12, labels: L('上级代码', 'Parent code'), headers: ['上级区划代码'] },
  ],
});
