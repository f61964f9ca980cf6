import { defineEntity, L } from '../schema';
import { COMMISSIONER_KINDS, GENDERS } from '../vocab';
import { countyField, phoneField } from './common';

/**
 * 科技特派员 (冀科区规〔2022〕1号). Deliberately has NO identity-card field: LinkDesk stores no raw ID numbers.
 */
export const commissionerSchema = defineEntity({
  name: 'commissioner',
  labels: L('科技特派员', 'S&T commissioner'),
  ownedBy: 'county',
  titleField: 'name',
  countyField: 'county',
  fields: [
    {
      name: 'name',
      kind: 'text',
      required: true,
      maxLength: 30,
      labels: L('姓名', 'Name'),
      headers: ['特派员姓名', '科技特派员姓名', '科技特派员'],
      listColumn: { order: 1, width: 100 },
    },
    {
      name: 'kind',
      kind: 'enum',
      options: COMMISSIONER_KINDS,
      required: true,
      labels: L('特派员类别', 'Kind'),
      headers: ['类别', '类型', '特派员类型', '人员类别'],
      listColumn: { order: 2, width: 140 },
    },
    { name: 'gender', kind: 'enum', options: GENDERS, labels: L('性别', 'Gender') },
    {
      name: 'sendingUnit',
      kind: 'text',
      maxLength: 100,
      required: true,
      labels: L('派出单位', 'Sending unit'),
      headers: ['工作单位', '所在单位', '单位', '派出单位名称'],
      listColumn: { order: 3, width: 200 },
    },
    {
      name: 'title',
      kind: 'text',
      maxLength: 40,
      labels: L('职称', 'Professional title'),
      headers: ['职称/职务', '职务', '技术职称'],
    },
    {
      name: 'expertise',
      kind: 'longtext',
      maxLength: 200,
      labels: L('专业特长', 'Expertise'),
      headers: ['专业', '研究方向', '服务领域', '专业领域', '特长'],
      listColumn: { order: 4, width: 200 },
    },
    phoneField(),
    {
      name: 'termStart',
      kind: 'date',
      labels: L('备案起始日期', 'Registered from'),
      headers: ['服务开始时间', '选派开始时间', '开始日期'],
    },
    {
      name: 'termEnd',
      kind: 'date',
      labels: L('备案截止日期', 'Registered until'),
      headers: ['服务结束时间', '选派结束时间', '结束日期'],
    },
    {
      name: 'team',
      kind: 'text',
      maxLength: 60,
      labels: L('所在团队', 'Team'),
      headers: ['科技特派团', '团队', '服务团队'],
    },
    {
      name: 'workstation',
      kind: 'ref',
      target: 'workstation',
      lookupBy: ['name'],
      labels: L('所在工作站', 'Workstation'),
      headers: ['工作站', '科技特派员工作站', '服务工作站'],
    },
    countyField({ listColumn: { order: 5, width: 110 } }),
  ],
  rules: [{ kind: 'notLess', field: 'termEnd', than: 'termStart' }],
});
