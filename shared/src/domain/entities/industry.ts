import { defineEntity, L } from '../schema';
import { activeField } from './common';

/** 省级主导产业: a code table the province edits and pushes; names are never hard-coded. */
export const industrySchema = defineEntity({
  name: 'industry',
  labels: L('主导产业', 'Leading industry'),
  ownedBy: 'province',
  titleField: 'name',
  fields: [
    {
      name: 'code',
      kind: 'text',
      required: true,
      maxLength: 20,
      pattern: { regex: /^[a-z0-9_-]+$/, hint: L('小写字母、数字、下划线', 'lower-case letters, digits, underscores') },
      labels: L('产业代码', 'Code'),
      headers: ['代码', '编码'],
      listColumn: { order: 1, width: 120 },
    },
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 40,
      labels: L('产业名称', 'Name'),
      headers: ['主导产业', '产业'],
      listColumn: { order: 2, width: 200 },
    },
    { name: 'order', kind: 'int', min: 0, max: 9999, labels: L('排序', 'Order'), headers: ['序号'] },
    activeField(),
  ],
});
