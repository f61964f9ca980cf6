import { describe, expect, it } from 'vitest';
import { normalizeRecord, validateField, validateRecord, type FieldError } from '@shared/domain';
import * as records from './records';

const codes = (errors: FieldError[]): string[] => errors.map((e) => `${e.field}:${e.code}`);

describe('validateRecord: the example records are valid', () => {
  it.each(Object.entries(records))('%s has no errors', (entity, record) => {
    expect(validateRecord(entity as never, record)).toEqual([]);
  });
});

describe('field rules', () => {
  it('a required field left empty (or blank) is REQUIRED, and the message names the field', () => {
    const errors = validateRecord('enterprise', { ...records.enterprise, name: '   ' });
    expect(codes(errors)).toEqual(['name:REQUIRED']);
    expect(errors[0]!.message.zh).toBe('「企业名称」必须填写');
    expect(errors[0]!.message.en).toBe('"Enterprise name" is required');
  });

  it('the enterprise profile allows 500 characters, counted as characters not bytes', () => {
    expect(validateField('enterprise', 'profile', '字'.repeat(500))).toBeNull();
    const e = validateField('enterprise', 'profile', '字'.repeat(501));
    expect(e).toMatchObject({ code: 'TOO_LONG', params: { max: 500, actual: 501 } });
    expect(e!.message.zh).toBe('「企业简介」最多 500 字，现在有 501 字');
  });

  it('a bad credit code on an enterprise reports the check character it should have', () => {
    const e = validateField('enterprise', 'creditCode', '91350100M000100Y4Z');
    expect(e).toMatchObject({ field: 'creditCode', code: 'CREDIT_CODE_CHECK', params: { expected: '3', actual: 'Z' } });
    expect(e!.message.zh).toContain('校验位应为 3，实际为 Z');
  });

  it('a credit code is stored upper-case and half-width; normalizeRecord puts it (and trimmed text) in that form', () => {
    const typed = {
      ...records.enterprise,
      creditCode: ' ９１４４０３００１９２２０３８２１６ ',
      name: ' 某公司 ',
      qualifications: ['high_tech', ' high_tech'],
    };
    const e = validateField('enterprise', 'creditCode', typed.creditCode);
    expect(e).toMatchObject({ code: 'BAD_FORMAT', params: { normalized: '914403001922038216' } });
    const fixed = normalizeRecord('enterprise', typed);
    expect(fixed).toMatchObject({ creditCode: '914403001922038216', name: '某公司', qualifications: ['high_tech'] });
    expect(validateRecord('enterprise', fixed)).toEqual([]);
  });

  it('amounts in 万元 are non-negative with at most two decimals', () => {
    expect(validateField('demand', 'budget', 0)).toBeNull();
    expect(validateField('demand', 'budget', 12.34)).toBeNull();
    expect(validateField('demand', 'budget', 12.345)).toMatchObject({
      code: 'TOO_MANY_DECIMALS',
      params: { decimals: 2 },
    });
    const neg = validateField('demand', 'budget', -1);
    expect(neg).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(neg!.message.zh).toContain('万元');
    expect(validateField('demand', 'budget', '100')).toMatchObject({ code: 'NOT_A_NUMBER' });
  });

  it('outcome counts on a visit are whole numbers, not negative', () => {
    expect(validateField('visit', 'trainees', -3)).toMatchObject({ code: 'OUT_OF_RANGE', params: { min: 0 } });
    expect(validateField('visit', 'trainees', 2.5)).toMatchObject({ code: 'NOT_INTEGER' });
  });

  it('readiness levels are 1–9', () => {
    expect(validateField('demand', 'currentTrl', 1)).toBeNull();
    expect(validateField('demand', 'currentTrl', 9)).toBeNull();
    expect(validateField('demand', 'currentTrl', 0)).toMatchObject({
      code: 'OUT_OF_RANGE',
      params: { min: 1, max: 9 },
    });
    expect(validateField('demand', 'targetTrl', 10)).toMatchObject({ code: 'OUT_OF_RANGE' });
  });

  it('dates are real calendar days written yyyy-mm-dd', () => {
    expect(validateField('visit', 'date', '2024-02-29')).toBeNull();
    for (const bad of ['2025-02-29', '2025-3-5', '2025/03/05', '20250305']) {
      expect(validateField('visit', 'date', bad)).toMatchObject({ code: 'BAD_DATE' });
    }
  });

  it('years are four-digit whole years', () => {
    expect(validateField('demand', 'periodStart', 2025.5)).toMatchObject({ code: 'BAD_YEAR' });
    expect(validateField('demand', 'periodStart', 1800)).toMatchObject({ code: 'OUT_OF_RANGE' });
  });

  it('enum values must be option codes', () => {
    expect(validateField('demand', 'techField', 'marine')).toBeNull();
    const e = validateField('demand', 'techField', '航天');
    expect(e).toMatchObject({ code: 'NOT_IN_OPTIONS', params: { value: '航天' } });
    expect(validateField('demand', 'cooperationModes', ['joint_dev', 'bribery'])).toMatchObject({
      code: 'NOT_IN_OPTIONS',
      params: { value: 'bribery' },
    });
    expect(validateField('demand', 'cooperationModes', ['joint_dev', 'joint_dev'])).toMatchObject({
      code: 'DUPLICATE_ITEM',
    });
  });

  it('a demand has 1 to 5 keywords of at most 20 characters', () => {
    expect(validateField('demand', 'keywords', [])).toMatchObject({ code: 'REQUIRED' });
    expect(validateField('demand', 'keywords', ['a', 'b', 'c', 'd', 'e'])).toBeNull();
    expect(validateField('demand', 'keywords', ['a', 'b', 'c', 'd', 'e', 'f'])).toMatchObject({
      code: 'TOO_MANY_ITEMS',
      params: { max: 5, actual: 6 },
    });
    expect(validateField('demand', 'keywords', ['字'.repeat(21)])).toMatchObject({ code: 'ITEM_TOO_LONG' });
  });

  it('division codes must be Hebei units of the right level', () => {
    expect(validateField('enterprise', 'county', '130628')).toBeNull();
    expect(validateField('enterprise', 'county', '130672')).toBeNull(); // 白沟新城, a functional zone
    expect(validateField('enterprise', 'county', '110101')).toMatchObject({ code: 'DIVISION_UNKNOWN' });
    expect(validateField('enterprise', 'county', '130628101')).toMatchObject({ code: 'DIVISION_UNKNOWN' });
    expect(validateField('enterprise', 'township', '130628101')).toBeNull();
    expect(validateField('enterprise', 'township', '130628')).toMatchObject({
      code: 'DIVISION_UNKNOWN',
      params: { level: 'township' },
    });
  });

  it('attachments are sha256 hex ids; attachment files are images or PDFs up to 20 MB', () => {
    expect(validateField('visit', 'attachments', ['XYZ'])).toMatchObject({ code: 'BAD_SHA256' });
    expect(validateField('attachment', 'mime', 'application/x-msdownload')).toMatchObject({ code: 'NOT_IN_OPTIONS' });
    expect(validateField('attachment', 'mime', 'application/pdf')).toBeNull();
    expect(validateField('attachment', 'size', 20 * 1024 * 1024 + 1)).toMatchObject({ code: 'OUT_OF_RANGE' });
  });

  it('phone numbers are a mobile number or a landline with area code', () => {
    expect(validateField('enterprise', 'phone', '13812345678')).toBeNull();
    expect(validateField('enterprise', 'phone', '0312-6612345')).toBeNull();
    const e = validateField('enterprise', 'phone', '12345');
    expect(e).toMatchObject({ code: 'BAD_FORMAT' });
    expect(e!.message.zh).toContain('11 位手机号');
  });

  it('references are checked against existing records when the caller can tell', () => {
    const refExists = (entity: string, id: string): boolean => entity === 'enterprise' && id === 'e1';
    expect(validateField('demand', 'enterprise', 'e1', { refExists })).toBeNull();
    expect(validateField('demand', 'enterprise', 'e2', { refExists })).toMatchObject({ code: 'REF_NOT_FOUND' });
    expect(validateField('demand', 'enterprise', 'e2')).toBeNull();
  });

  it('an unknown field name is UNKNOWN_FIELD, and a value of the wrong type is WRONG_TYPE', () => {
    expect(validateField('demand', 'nonsense', 'x')).toMatchObject({ code: 'UNKNOWN_FIELD' });
    expect(validateField('demand', 'name', 42)).toMatchObject({ code: 'WRONG_TYPE' });
    expect(validateField('workstation', 'name', ['x'])).toMatchObject({ code: 'WRONG_TYPE' });
  });

  it('a partial check looks only at the fields given', () => {
    expect(validateRecord('demand', { name: '新名称' }, { partial: true })).toEqual([]);
    expect(codes(validateRecord('demand', { name: '' }, { partial: true }))).toEqual(['name:REQUIRED']);
  });
});

describe('cross-field rules', () => {
  it('the three description parts of a demand total at most 1500 characters', () => {
    const ok = {
      ...records.demand,
      problem: '问'.repeat(500),
      keyTechnology: '技'.repeat(500),
      expectedGoal: '标'.repeat(500),
    };
    expect(validateRecord('demand', ok)).toEqual([]);
    const errors = validateRecord('demand', { ...ok, expectedGoal: '标'.repeat(501) });
    expect(codes(errors)).toEqual(['problem:TOTAL_TOO_LONG']);
    expect(errors[0]!.params).toMatchObject({
      max: 1500,
      actual: 1501,
      fields: ['problem', 'keyTechnology', 'expectedGoal'],
    });
    expect(errors[0]!.message.zh).toBe('「主要问题」「技术关键」「预期目标」合计最多 1500 字，现在有 1501 字，请精简');
  });

  it('the target readiness level is not below the current one', () => {
    expect(validateRecord('demand', { ...records.demand, currentTrl: 5, targetTrl: 5 })).toEqual([]);
    const errors = validateRecord('demand', { ...records.demand, currentTrl: 6, targetTrl: 4 });
    expect(codes(errors)).toEqual(['targetTrl:LESS_THAN_OTHER']);
    expect(errors[0]!.message.zh).toBe('「目标技术成熟度」不能低于「目前技术成熟度」');
  });

  it('the demand period does not end before it starts', () => {
    const errors = validateRecord('demand', { ...records.demand, periodStart: 2026, periodEnd: 2025 });
    expect(codes(errors)).toEqual(['periodEnd:LESS_THAN_OTHER']);
    expect(errors[0]!.message.zh).toBe('「结束年份」不能早于「起始年份」');
  });

  it('a commissioner registration period does not end before it starts', () => {
    const errors = validateRecord('commissioner', {
      ...records.commissioner,
      termStart: '2025-06-01',
      termEnd: '2025-05-31',
    });
    expect(codes(errors)).toEqual(['termEnd:LESS_THAN_OTHER']);
  });

  it('a follow-up date is not before the visit (the same day is fine)', () => {
    expect(validateRecord('visit', { ...records.visit, followUpDate: '2025-03-05' })).toEqual([]);
    const errors = validateRecord('visit', { ...records.visit, followUpDate: '2025-03-04' });
    expect(codes(errors)).toEqual(['followUpDate:LESS_THAN_OTHER']);
    expect(errors[0]!.message.zh).toBe('「下次跟进日期」不能早于「服务日期」');
  });

  it('a visit serves exactly one of: an enterprise, a township', () => {
    const both = validateRecord('visit', { ...records.visit, township: '130628101' });
    expect(codes(both)).toEqual(['enterprise:EXACTLY_ONE']);
    expect(both[0]!.message.zh).toBe('「服务企业」「服务乡镇」只能填写一项');
    const neither = validateRecord('visit', { ...records.visit, enterprise: null });
    expect(codes(neither)).toEqual(['enterprise:EXACTLY_ONE']);
    expect(neither[0]!.message.zh).toBe('「服务企业」「服务乡镇」必须填写一项');
    expect(validateRecord('visit', { ...records.visit, enterprise: null, township: '130628101' })).toEqual([]);
  });

  it('a visit has at least one commissioner', () => {
    expect(codes(validateRecord('visit', { ...records.visit, commissioners: [] }))).toEqual(['commissioners:REQUIRED']);
  });

  it('a township must lie in the record county, and the message names both', () => {
    const errors = validateRecord('enterprise', { ...records.enterprise, township: '130534100' });
    expect(codes(errors)).toEqual(['township:TOWNSHIP_NOT_IN_COUNTY']);
    expect(errors[0]!.message.zh).toMatch(/不属于高阳县/);
  });

  it('a rule is not checked while one of its fields is itself invalid (one error, not two)', () => {
    const errors = validateRecord('demand', { ...records.demand, currentTrl: 12, targetTrl: 4 });
    expect(codes(errors)).toEqual(['currentTrl:OUT_OF_RANGE']);
  });

  it('rules skip fields that are left empty', () => {
    expect(validateRecord('demand', { ...records.demand, currentTrl: null, targetTrl: 3, periodEnd: null })).toEqual(
      [],
    );
  });
});
