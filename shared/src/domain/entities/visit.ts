import { defineEntity, L, type FieldInput } from '../schema';
import { VISIT_MODES } from '../vocab';
import { attachmentsField, countyField, townshipField } from './common';

function countField(name: string, zh: string, en: string, headers: readonly string[]): FieldInput {
  return { name, kind: 'int', min: 0, max: 100_000, default: 0, section: 'outcome', labels: L(zh, en), headers };
}

/**
 * 服务记录 (a commissioner's service visit, the 台账 line). Duration is in working days with one decimal:
 * 石家庄 counts visits of at least one working day, so days are what the ledgers use; a short phone call is 0.1.
 */
export const visitSchema = defineEntity({
  name: 'visit',
  labels: L('服务记录', 'Service visit'),
  ownedBy: 'county',
  titleField: 'date',
  countyField: 'county',
  sections: {
    basic: L('服务信息', 'Visit'),
    content: L('服务内容', 'Content'),
    outcome: L('服务成效', 'Outcome'),
  },
  fields: [
    {
      name: 'commissioners',
      kind: 'refs',
      target: 'commissioner',
      lookupBy: ['name'],
      required: true,
      minCount: 1,
      maxCount: 20,
      section: 'basic',
      labels: L('服务特派员', 'Commissioners'),
      headers: ['科技特派员', '特派员', '特派员姓名', '服务人员'],
      listColumn: { order: 2, width: 160 },
    },
    {
      name: 'enterprise',
      kind: 'ref',
      target: 'enterprise',
      lookupBy: ['creditCode', 'name'],
      section: 'basic',
      labels: L('服务企业', 'Enterprise served'),
      help: L('服务企业和服务乡镇只填一个。', 'Fill in either the enterprise or the township, not both.'),
      headers: ['服务对象', '服务单位', '企业名称', '受援单位', '服务企业名称'],
      listColumn: { order: 3, width: 200 },
    },
    townshipField({
      section: 'basic',
      labels: L('服务乡镇', 'Township served'),
      help: L('服务对象是乡镇（而非某个企业）时填写。', 'When a township, not one enterprise, was served.'),
      headers: ['服务乡镇', '乡镇', '服务村镇'],
    }),
    {
      name: 'date',
      kind: 'date',
      required: true,
      section: 'basic',
      labels: L('服务日期', 'Date'),
      headers: ['日期', '服务时间', '走访日期', '走访时间'],
      listColumn: { order: 1, width: 110 },
    },
    {
      name: 'durationDays',
      kind: 'decimal',
      decimals: 1,
      min: 0.1,
      max: 31,
      unit: L('天', 'days'),
      section: 'basic',
      labels: L('服务时长', 'Duration'),
      help: L('按工作日计，半天填 0.5。', 'In working days; half a day is 0.5.'),
      headers: ['服务天数', '时长（天）', '天数'],
    },
    {
      name: 'mode',
      kind: 'enum',
      options: VISIT_MODES,
      required: true,
      default: 'onsite',
      section: 'basic',
      labels: L('服务方式', 'Mode'),
      headers: ['方式', '服务形式'],
      listColumn: { order: 4, width: 100 },
    },
    {
      name: 'content',
      kind: 'longtext',
      maxLength: 2000,
      required: true,
      section: 'content',
      labels: L('服务内容', 'What was done'),
      headers: ['工作内容', '服务情况', '主要内容', '工作记录'],
    },
    {
      name: 'problemsFound',
      kind: 'longtext',
      maxLength: 1000,
      section: 'content',
      labels: L('发现的问题', 'Problems found'),
      headers: ['存在问题', '发现问题'],
    },
    {
      name: 'solutions',
      kind: 'longtext',
      maxLength: 1000,
      section: 'content',
      labels: L('解决措施', 'Solutions'),
      headers: ['解决办法', '处理措施', '解决方案'],
    },
    countField('problemsSolved', '解决技术难题（个）', 'Problems solved', ['解决技术难题', '解决问题数', '解决难题数']),
    countField('techSpread', '推广新技术新品种（项）', 'Technologies spread', [
      '推广新技术',
      '推广新技术新品种',
      '推广技术数',
    ]),
    countField('trainingSessions', '开展培训（次）', 'Training sessions', ['培训次数', '开展培训']),
    countField('trainees', '培训人数（人次）', 'Trainees', ['培训人数', '培训人次']),
    {
      name: 'demands',
      kind: 'refs',
      target: 'demand',
      lookupBy: ['name'],
      maxCount: 20,
      section: 'outcome',
      labels: L('相关技术需求', 'Related demands'),
      headers: ['关联需求', '技术需求'],
    },
    {
      name: 'followUpDate',
      kind: 'date',
      section: 'outcome',
      labels: L('下次跟进日期', 'Follow-up date'),
      headers: ['跟进日期', '回访日期', '下次服务时间'],
    },
    attachmentsField({ section: 'content' }),
    countyField({ section: 'basic', listColumn: { order: 5, width: 110 } }),
  ],
  rules: [
    { kind: 'exactlyOne', fields: ['enterprise', 'township'] },
    { kind: 'notLess', field: 'followUpDate', than: 'date' },
    { kind: 'townshipInCounty', township: 'township', county: 'county' },
  ],
});
