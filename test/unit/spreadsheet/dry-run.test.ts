import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { planWrites, type ImportPlan, type RowPlan } from '@shared/spreadsheet';
import { creditCode } from '../../fixtures/spreadsheets/make-fixtures-codes';
import { applyPlan, planFile, GAOYANG, type StoredRecord } from './helpers';

const VALID_ROWS = [6, 7, 8, 12, 13, 15, 16];
const INVALID = {
  9: ['C enterprise.creditCode CREDIT_CODE_CHECK'],
  10: ['B enterprise.name REQUIRED'],
  11: ['O demand.currentTrl OUT_OF_RANGE'],
  14: ['M demand.budget CHINESE_NUMERAL'],
};

const status = (plan: ImportPlan, s: RowPlan['status']): number[] =>
  plan.rows.filter((r) => r.status === s).map((r) => r.row);
const reasons = (plan: ImportPlan): Record<number, string[]> =>
  Object.fromEntries(
    plan.rows
      .filter((r) => r.status === 'invalid')
      .map((r) => [r.row, r.errors.map((e) => `${e.column} ${e.entity}.${e.field} ${e.code}`)]),
  );
const demands = (store: StoredRecord[]): StoredRecord[] => store.filter((r) => r.entity === 'demand');
const byName = (store: StoredRecord[], name: string): StoredRecord => store.find((r) => r.values.name === name)!;

describe.each(['survey.xlsx', 'survey.xls', 'survey-utf8.csv', 'survey-utf8-bom.csv', 'survey-gbk.csv'])(
  'planImport of %s',
  (name) => {
    const { plan } = planFile(name);

    it('every row is valid or invalid with its reason; the 示例 row is skipped as an example', () => {
      expect(status(plan, 'valid')).toEqual(VALID_ROWS);
      expect(reasons(plan)).toEqual(INVALID);
      expect(status(plan, 'example')).toEqual([5]);
      expect(plan.summary).toMatchObject({
        rows: 11,
        valid: 7,
        invalid: 4,
        examples: 1,
        byEntity: { enterprise: { create: 6 }, demand: { create: 7 } },
      });
    });

    it('the reasons are plain Chinese and name what is expected', () => {
      const row = (n: number): string => plan.rows.find((r) => r.row === n)!.errors[0]!.message.zh;
      expect(row(9)).toMatch(/^统一社会信用代码校验位应为 [0-9A-Z]，实际为 [0-9A-Z]，请核对是否抄错$/);
      expect(row(10)).toBe('「企业名称」必须填写');
      expect(row(11)).toBe('「目前技术成熟度」应在 1 到 9 之间');
      expect(row(14)).toContain('中文数字「五十万」');
    });

    it('every valid row arrives, with its messy values cleaned', () => {
      const store = applyPlan([], plan);
      expect(
        demands(store)
          .map((d) => d.values.name)
          .sort(),
      ).toEqual(
        [
          '智能温室控制系统研发',
          '废水处理工艺改进',
          '新型复合材料配方',
          '温室传感器低功耗设计',
          '食品保鲜工艺',
          '节水灌溉',
          '农机智能化',
        ].sort(),
      );
      const messy = byName(store, '废水处理工艺改进').values;
      expect(messy).toMatchObject({
        county: GAOYANG,
        budget: 50,
        currentTrl: 3,
        targetTrl: 5,
        surveyDate: '2022-04-22',
        techField: 'resources_environment',
        cooperationModes: ['joint_dev', 'transfer'],
        solveMode: 'cooperative',
        keywords: ['污水处理', '膜分离'],
        status: 'draft',
        source: 'enterprise_filed',
      });
      const yuan = byName(store, '新型复合材料配方').values;
      expect(yuan).toMatchObject({
        budget: 50,
        surveyDate: '2022-04-22',
        keywords: ['复合材料', '轻量化'],
        solveMode: 'commissioned',
      });
      expect(byName(store, '智能温室控制系统研发').values.surveyDate).toBe('2024-03-01');
      expect(byName(store, '食品保鲜工艺').values.budget).toBe(50); // the formula's saved result
      const e2 = store.find((r) => r.entity === 'enterprise' && r.values.name === '高阳乙环保科技有限公司')!;
      expect(e2.values.creditCode).toBe(creditCode(2)); // full-width and a space in the file
      expect(messy.enterprise).toBe(e2.id);
    });

    it('enterprises are deduplicated by credit code: two rows, one enterprise, two demands pointing at it', () => {
      const store = applyPlan([], plan);
      const jia = store.filter((r) => r.entity === 'enterprise' && r.values.creditCode === creditCode(1));
      expect(jia).toHaveLength(1);
      expect(
        demands(store)
          .filter((d) => d.values.enterprise === jia[0]!.id)
          .map((d) => d.values.name),
      ).toEqual(['智能温室控制系统研发', '温室传感器低功耗设计']);
      const rec = plan.records.find((r) => r.id === jia[0]!.id)!;
      expect(rec.rows).toEqual([6, 12]);
      // Row 12 names another contact person: the first row's value is kept and the user is told.
      const w = plan.rows.find((r) => r.row === 12)!.warnings.find((x) => x.code === 'CONFLICT_IN_FILE')!;
      expect(w).toMatchObject({ entity: 'enterprise', field: 'contactPerson', column: 'E' });
      expect(w.message.zh).toContain('第 6 行');
    });

    it('an invalid row contributes nothing, not even its enterprise', () => {
      const store = applyPlan([], plan);
      expect(store.some((r) => r.values.name === '高阳戊纺织有限公司')).toBe(false); // row 11: its demand had TRL 12
      expect(store.some((r) => r.values.creditCode === creditCode(8))).toBe(false); // row 14
    });

    it('a re-import of the same file changes nothing', () => {
      const store = applyPlan([], plan);
      const again = planFile(name, { store }).plan;
      expect(status(again, 'valid')).toEqual(VALID_ROWS);
      expect(again.records.every((r) => r.action === 'unchanged')).toBe(true);
      expect(again.summary.byEntity).toEqual({
        enterprise: { create: 0, update: 0, unchanged: 6 },
        demand: { create: 0, update: 0, unchanged: 7 },
      });
      expect(planWrites(again)).toEqual([]);
      expect(applyPlan(store, again)).toEqual(store);
    });
  },
);

describe('planImport against existing records', () => {
  it('a changed value is an UPDATE with a field-level diff; an empty cell never erases a stored value', () => {
    const store = applyPlan([], planFile('survey.xlsx').plan);
    const jia = store.find((r) => r.entity === 'enterprise' && r.values.creditCode === creditCode(1))!;
    jia.values.phone = '0312-7654321';
    jia.values.address = '高阳县城关镇';
    const plan = planFile('survey.xlsx', { store }).plan;
    const rec = plan.records.find((r) => r.id === jia.id)!;
    expect(rec).toMatchObject({
      action: 'update',
      values: { phone: '13812345678' },
      diff: [{ field: 'phone', before: '0312-7654321', after: '13812345678' }],
    });
    expect(plan.rows.find((r) => r.row === 6)!.records).toContainEqual({
      entity: 'enterprise',
      id: jia.id,
      action: 'update',
    });
    expect(applyPlan(store, plan).find((r) => r.id === jia.id)!.values.address).toBe('高阳县城关镇');
  });

  it("a demand row never moves a registered enterprise to another county (the county column is the demand's)", () => {
    const store = applyPlan([], planFile('survey.xlsx').plan);
    const jia = store.find((r) => r.entity === 'enterprise' && r.values.creditCode === creditCode(1))!;
    jia.values.county = '130602'; // registered elsewhere
    const plan = planFile('survey.xlsx', { store }).plan;
    expect(plan.records.find((r) => r.id === jia.id)!.action).toBe('unchanged');
  });

  it('the commit writes enterprises before the demands that point at them, each named with the file and row', () => {
    const plan = planFile('survey.xlsx').plan;
    const writes = planWrites(plan);
    expect(writes).toHaveLength(13);
    const firstDemand = writes.findIndex((w) => w.entity === 'demand');
    expect(writes.slice(0, firstDemand).every((w) => w.entity === 'enterprise')).toBe(true);
    expect(writes.slice(firstDemand).every((w) => w.entity === 'demand')).toBe(true);
    expect(writes.find((w) => w.values.name === '废水处理工艺改进')!.source).toEqual({
      kind: 'import',
      file: 'survey.xlsx',
      row: 7,
    });
  });

  it('notices of the file (formula, hidden sheet, merged cells) travel with the plan; merged rows carry a warning', () => {
    const { plan } = planFile('survey.xlsx');
    expect(plan.notices.map((n) => `${n.code}:${n.ref ?? n.sheet}`)).toEqual([
      'FORMULA:M13',
      'HIDDEN_SHEET:选项',
      'MERGED_CELLS:D15:D16',
    ]);
    for (const row of [15, 16])
      expect(plan.rows.find((r) => r.row === row)!.warnings.map((w) => w.code)).toContain('MERGED_CELLS');
  });

  it('a row without a credit code finds an enterprise registered under the exact name; an unknown one needs its code', () => {
    const store: StoredRecord[] = [
      { entity: 'enterprise', id: 'e-1', values: { name: '已登记企业', creditCode: creditCode(50), county: GAOYANG } },
    ];
    const ws = XLSX.utils.aoa_to_sheet([
      ['企业名称', '需求名称', '主要问题', '关键词', '技术领域'],
      ['已登记企业', '需求一', '问题', '词', '电子信息'],
      ['新企业', '需求二', '问题', '词', '电子信息'],
    ]);
    const bytes = new Uint8Array(
      XLSX.write(XLSX.utils.book_new(ws, 'S'), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
    );
    const { plan } = planFile('names.xlsx', { store, bytes });
    expect(plan.rows[0]).toMatchObject({
      status: 'valid',
      records: [
        { entity: 'enterprise', id: 'e-1', action: 'unchanged' },
        { entity: 'demand', action: 'create' },
      ],
    });
    expect(plan.rows[1]!.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['creditCode:REQUIRED']);
  });
});
