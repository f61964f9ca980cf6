import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { importFile, lookupFromRecords, planWrites } from '@shared/spreadsheet';
import { applyPlan, GAOYANG, planFile, type StoredRecord } from './helpers';

function xlsx(rows: unknown[][]): Uint8Array {
  return new Uint8Array(
    XLSX.write(XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(rows), '表'), {
      type: 'array',
      bookType: 'xlsx',
    }) as ArrayBuffer,
  );
}

const ROSTER = xlsx([
  ['高阳县科技特派员名册'],
  ['序号', '姓名', '类别', '性别', '工作单位', '职称/职务', '专业特长', '手机号码', '服务开始时间', '服务结束时间'],
  [1, '张三', '农业', '男', '河北农业大学', '副教授', '设施农业', '13812345678', '2025年1月1日', '2025.12.31'],
  [2, '李四', '企业特派员', '女', '河北工业大学', '教授', '机械设计', '13912345678', '2025-01-01', '2024-12-31'],
  [3, '王五', '技术经纪人', '男', '保定技术市场', '', '', '12345', '', ''],
]);

describe('commissioner roster (科技特派员名册)', () => {
  const { plan } = planFile('名册.xlsx', { entity: 'commissioner', bytes: ROSTER });

  it('valid rows become commissioners; an end date before the start and a bad phone are reasons', () => {
    expect(plan.rows.map((r) => `${r.row}:${r.status}`)).toEqual(['3:valid', '4:invalid', '5:invalid']);
    expect(plan.rows[1]!.errors.map((e) => `${e.column} ${e.field} ${e.code}`)).toEqual(['J termEnd LESS_THAN_OTHER']);
    expect(plan.rows[2]!.errors.map((e) => `${e.column} ${e.field} ${e.code}`)).toEqual(['H phone BAD_FORMAT']);
    const [c] = applyPlan([], plan);
    expect(c!.values).toMatchObject({
      name: '张三',
      kind: 'agricultural',
      gender: 'male',
      sendingUnit: '河北农业大学',
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
      county: GAOYANG,
    });
  });

  it('re-importing the roster changes nothing', () => {
    const again = planFile('名册.xlsx', { entity: 'commissioner', bytes: ROSTER, store: applyPlan([], plan) }).plan;
    expect(planWrites(again)).toEqual([]);
    expect(again.summary.byEntity.commissioner).toEqual({ create: 0, update: 0, unchanged: 1 });
  });
});

describe('visit ledger (走访台账)', () => {
  const store: StoredRecord[] = [
    { entity: 'commissioner', id: 'c-zhang', values: { name: '张三', sendingUnit: '河北农业大学' } },
    { entity: 'commissioner', id: 'c-li', values: { name: '李四', sendingUnit: '河北工业大学' } },
    { entity: 'commissioner', id: 'c-wang-1', values: { name: '王五', sendingUnit: 'A' } },
    { entity: 'commissioner', id: 'c-wang-2', values: { name: '王五', sendingUnit: 'B' } },
    {
      entity: 'enterprise',
      id: 'e-1',
      values: { name: '高阳甲科技有限公司', creditCode: '91350100M000100Y43', county: GAOYANG },
    },
  ];
  const ledger = xlsx([
    ['科技特派员服务台账'],
    [
      '序号',
      '科技特派员',
      '服务对象',
      '服务日期',
      '服务天数',
      '服务方式',
      '服务内容',
      '解决技术难题（个）',
      '培训人数',
    ],
    [1, '张三、李四', '高阳甲科技有限公司', '2025-03-05', '1', '实地服务', '调试温室控制系统', 2, 0],
    [2, '张三', '91350100M000100Y43', '2025/3/12', 0.5, '电话咨询', '远程答疑', '1', ''],
    [3, '王五', '高阳甲科技有限公司', '2025-03-20', 1, '实地走访', '指导', 0, 0],
    [4, '赵六', '不存在的企业', '2025-03-21', 1, '培训', '讲座', 0, 50],
  ]);
  const { plan } = planFile('台账.xlsx', { entity: 'visit', bytes: ledger, store });

  it('commissioners and enterprises are found by name or credit code; unknown or ambiguous names are reasons', () => {
    expect(plan.rows.map((r) => `${r.row}:${r.status}`)).toEqual(['3:valid', '4:valid', '5:invalid', '6:invalid']);
    expect(plan.rows[2]!.errors.map((e) => `${e.column} ${e.field} ${e.code}`)).toEqual([
      'B commissioners REF_AMBIGUOUS',
    ]);
    expect(plan.rows[2]!.errors[0]!.message.zh).toBe('「服务特派员」中的「王五」对应 2 条科技特派员，请改用编码或全称');
    expect(plan.rows[3]!.errors.map((e) => `${e.column} ${e.field} ${e.code}`)).toEqual([
      'B commissioners REF_NOT_FOUND',
      'C enterprise REF_NOT_FOUND',
    ]);
    const visits = applyPlan([], plan).filter((r) => r.entity === 'visit');
    expect(visits.map((v) => v.values)).toEqual([
      expect.objectContaining({
        commissioners: ['c-zhang', 'c-li'],
        enterprise: 'e-1',
        date: '2025-03-05',
        durationDays: 1,
        mode: 'onsite',
        problemsSolved: 2,
        county: GAOYANG,
      }),
      expect.objectContaining({
        commissioners: ['c-zhang'],
        enterprise: 'e-1',
        date: '2025-03-12',
        durationDays: 0.5,
        mode: 'phone',
        problemsSolved: 1,
      }),
    ]);
  });

  it('re-importing the ledger changes nothing', () => {
    const again = planFile('台账.xlsx', { entity: 'visit', bytes: ledger, store: applyPlan(store, plan) }).plan;
    expect(planWrites(again)).toEqual([]);
  });
});

describe('importFile: the whole pipeline in one call', () => {
  it('reports progress by stage and returns the plan, or the file error', () => {
    const stages: string[] = [];
    const r = importFile({
      bytes: ROSTER,
      fileName: '名册.xlsx',
      entity: 'commissioner',
      existing: lookupFromRecords([]),
      newId: () => 'x',
      defaults: { county: GAOYANG },
      onProgress: (s) => stages.push(s),
    });
    expect(stages).toEqual(['read', 'map', 'rows', 'plan', 'plan']);
    expect(r.ok && r.plan.summary.valid).toBe(1);
    const bad = importFile({
      bytes: new TextEncoder().encode('hello'),
      fileName: 'x.xlsx',
      entity: 'demand',
      existing: lookupFromRecords([]),
      newId: () => 'x',
    });
    expect(bad.ok ? '' : bad.error.code).toBe('NOT_A_SPREADSHEET');
  });

  it('a filled-in date line gives every row its survey date', () => {
    const bytes = xlsx([
      ['企业技术需求调查表'],
      ['填报日期：2024年3月1日'],
      ['企业名称', '统一社会信用代码', '需求名称', '主要问题', '关键词', '技术领域'],
      ['甲', '91350100M000100Y43', '需求', '问题', '词', '其他'],
    ]);
    const r = importFile({
      bytes,
      fileName: 's.xlsx',
      entity: 'demand',
      existing: lookupFromRecords([]),
      newId: () => 'd',
      defaults: { county: GAOYANG },
    });
    expect(r.ok && r.plan.records.find((x) => x.entity === 'demand')!.values.surveyDate).toBe('2024-03-01');
  });
});
