import { defineEntity, L } from '../schema';
import { activeField } from './common';

/** 县域特色产业集群: a province-edited code table; a cluster belongs to one industry and one or more counties. */
export const clusterSchema = defineEntity({
  name: 'cluster',
  labels: L('县域特色产业集群', 'County industrial cluster'),
  ownedBy: 'province',
  titleField: 'name',
  fields: [
    {
      name: 'code',
      kind: 'text',
      required: true,
      maxLength: 20,
      pattern: { regex: /^[a-z0-9_-]+$/, hint: L('小写字母、数字、下划线', 'lower-case letters, digits, underscores') },
      labels: L('集群代码', 'Code'),
      headers: ['代码', '编码'],
      listColumn: { order: 1, width: 120 },
    },
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 40,
      labels: L('集群名称', 'Name'),
      headers: ['产业集群', '特色产业集群', '集群', '县域特色产业集群'],
      listColumn: { order: 2, width: 200 },
    },
    {
      name: 'counties',
      kind: 'divisionCodes',
      required: true,
      minCount: 1,
      maxCount: 20,
      labels: L('所在县（市、区）', 'Counties'),
      headers: ['所属县区', '县（市、区）', '所在县'],
      listColumn: { order: 3, width: 200 },
    },
    {
      name: 'industry',
      kind: 'ref',
      target: 'industry',
      lookupBy: ['code', 'name'],
      required: true,
      labels: L('所属主导产业', 'Leading industry'),
      headers: ['主导产业', '所属产业', '产业'],
      listColumn: { order: 4, width: 160 },
    },
    activeField(),
  ],
});
