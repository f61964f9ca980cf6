import { defineEntity, L } from '../schema';
import { countyField, townshipField } from './common';

/** 科技特派员工作站: one per township is the target. */
export const workstationSchema = defineEntity({
  name: 'workstation',
  labels: L('科技特派员工作站', 'Commissioner workstation'),
  ownedBy: 'county',
  titleField: 'name',
  countyField: 'county',
  fields: [
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 100,
      labels: L('工作站名称', 'Name'),
      headers: ['名称', '站点名称'],
      listColumn: { order: 1, width: 240 },
    },
    countyField({ listColumn: { order: 2, width: 110 } }),
    townshipField({ required: true, listColumn: { order: 3, width: 120 } }),
    {
      name: 'hostUnit',
      kind: 'text',
      maxLength: 100,
      labels: L('依托单位', 'Host unit'),
      headers: ['建站单位', '依托单位名称', '承建单位'],
      listColumn: { order: 4, width: 200 },
    },
    {
      name: 'establishedDate',
      kind: 'date',
      labels: L('建站日期', 'Established'),
      headers: ['成立时间', '建站时间', '成立日期'],
    },
  ],
  rules: [{ kind: 'townshipInCounty', township: 'township', county: 'county' }],
});
