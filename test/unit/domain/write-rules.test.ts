/**
 * The write rules every writer shares (renderer repositories, headless device, server ingest): text a store can hold,
 * required to verify but not to record, and the record-level rules (county in scope, township in county).
 */
import { describe, expect, it } from 'vitest';
import {
  checkRecordRules,
  findBadText,
  missingToVerify,
  normalizeRecord,
  validateField,
  validateRecord,
  type FieldError,
} from '@shared/domain';
import * as records from './records';

const codes = (errors: readonly FieldError[]): string[] => errors.map((e) => `${e.field}:${e.code}`);

describe('text a store can hold', () => {
  it('normalisation strips NUL and other control characters from every text, keeping tabs and line breaks', () => {
    const out = normalizeRecord('demand', {
      ...records.demand,
      name: '废水\u0000回用',
      problem: '第一行\n第二行\t制表\u0007',
      keywords: ['印\u0000染', '废水'],
    });
    expect(out.name).toBe('废水回用');
    expect(out.problem).toBe('第一行\n第二行\t制表');
    expect(out.keywords).toEqual(['印染', '废水']);
    expect(validateRecord('demand', out)).toEqual([]);
  });

  it('a NUL that skipped normalisation (a forged op) is refused as CONTROL_CHARACTER, naming the field', () => {
    const e = validateField('demand', 'name', 'a\u0000b');
    expect(e).toMatchObject({ field: 'name', code: 'CONTROL_CHARACTER' });
    expect(e!.message.zh).toContain('「需求名称」中含有无法保存的控制字符');
    expect(e!.message.en).toContain('"Demand title" holds a control character');
    expect(codes(validateRecord('demand', { ...records.demand, keywords: ['ok', 'b\u0000'] }))).toEqual([
      'keywords:CONTROL_CHARACTER',
    ]);
  });

  it('a lone surrogate is refused with a field-level message in Chinese and English, even after normalisation', () => {
    const broken = normalizeRecord('demand', { ...records.demand, name: '生僻字\ud842' });
    const errors = validateRecord('demand', broken);
    expect(codes(errors)).toEqual(['name:LONE_SURROGATE']);
    expect(errors[0]!.message.zh).toContain('「需求名称」中含有残缺的字符');
    expect(errors[0]!.message.en).toContain('"Demand title" holds a broken character');
    expect(validateField('demand', 'problem', '\udc00尾')).toMatchObject({ code: 'LONE_SURROGATE' });
  });

  it('a whole pair (a rare CJK character outside the BMP) is fine', () => {
    expect(validateField('demand', 'name', '𠀀𪚥 技术')).toBeNull();
  });

  it('findBadText looks into any JSON value, keys included (what the server applies to every op)', () => {
    expect(findBadText({ a: ['x', { b: 'y\u0000' }] })).toBe('CONTROL_CHARACTER');
    expect(findBadText({ ['k\ud800']: 1 })).toBe('LONE_SURROGATE');
    expect(findBadText({ a: ['x', 1, null, true, { b: '正常\n文本' }] })).toBeNull();
  });
});

describe('required to verify, not to record', () => {
  const draft = { ...records.demand, problem: null, keywords: [], techField: undefined };

  it('a draft may lack required fields except its name and its enterprise (and county)', () => {
    expect(validateRecord('demand', draft)).toEqual([]);
    expect(codes(validateRecord('demand', { ...draft, name: '' }))).toEqual(['name:REQUIRED']);
    expect(codes(validateRecord('demand', { ...draft, enterprise: null }))).toEqual(['enterprise:REQUIRED']);
    expect(codes(validateRecord('demand', { ...draft, county: null }))).toContain('county:REQUIRED');
  });

  it('a returned demand (sent back for correction) may be incomplete too', () => {
    expect(validateRecord('demand', { ...draft, status: 'returned', reviewNote: '请补充问题' })).toEqual([]);
  });

  it('verified or any later status needs them all, each with REQUIRED_TO_VERIFY and a message saying why', () => {
    for (const status of ['county_verified', 'reported', 'matching', 'solved', 'closed']) {
      const errors = validateRecord('demand', { ...draft, status, reviewNote: '原因' });
      expect(codes(errors), status).toEqual([
        'problem:REQUIRED_TO_VERIFY',
        'keywords:REQUIRED_TO_VERIFY',
        'techField:REQUIRED_TO_VERIFY',
      ]);
    }
    const [e] = validateRecord('demand', { ...draft, status: 'county_verified' });
    expect(e!.message.zh).toBe('「主要问题」必须填写：需求核实前可以暂缺，核实、上报及以后的状态必须填全');
  });

  it('missingToVerify lists what a draft still lacks (待补全), and nothing for a complete one', () => {
    expect(codes(missingToVerify('demand', draft))).toEqual([
      'problem:REQUIRED_TO_VERIFY',
      'keywords:REQUIRED_TO_VERIFY',
      'techField:REQUIRED_TO_VERIFY',
    ]);
    expect(missingToVerify('demand', records.demand)).toEqual([]);
  });

  it('a patch without the status (an op on the server) requires only what identifies the record', () => {
    expect(validateField('demand', 'problem', null, { partial: true })).toBeNull();
    expect(validateField('demand', 'name', null, { partial: true })).toMatchObject({ code: 'REQUIRED' });
    expect(validateRecord('demand', { problem: '' }, { partial: true })).toEqual([]);
    expect(codes(validateRecord('demand', { problem: '', status: 'reported' }, { partial: true }))).toEqual([
      'problem:REQUIRED_TO_VERIFY',
    ]);
  });

  it('entities without stages keep every required field required', () => {
    expect(codes(validateRecord('enterprise', { ...records.enterprise, name: '' }))).toEqual(['name:REQUIRED']);
  });
});

describe('record-level rules', () => {
  const county = { level: 'county', code: '130628' } as const;

  it('a complete record of the office’s own county passes', () => {
    expect(checkRecordRules('demand', records.demand, { scope: county, opCounty: '130628' })).toEqual([]);
  });

  it('a record whose county field lies outside the writer’s scope is refused (130302 written by 130132)', () => {
    const [p] = checkRecordRules(
      'demand',
      { ...records.demand, county: '130302', township: null },
      { scope: { level: 'county', code: '130132' }, opCounty: '130132' },
    );
    expect(p).toMatchObject({ code: 'RECORD_COUNTY_OUT_OF_SCOPE', field: 'county' });
    expect(p!.message.zh).toContain('海港区');
  });

  it('a city office may write any county of its city, but the county field must match the county the ops carry', () => {
    const city = { level: 'city', code: '130600' } as const;
    expect(checkRecordRules('demand', records.demand, { scope: city, opCounty: '130628' })).toEqual([]);
    expect(checkRecordRules('demand', records.demand, { scope: city, opCounty: '130606' })).toMatchObject([
      { code: 'RECORD_COUNTY_MISMATCH', field: 'county' },
    ]);
  });

  it('a township of another county is refused', () => {
    expect(checkRecordRules('demand', { ...records.demand, township: '130602001' }, { scope: county })).toMatchObject([
      { code: 'TOWNSHIP_NOT_IN_COUNTY', field: 'township' },
    ]);
  });

  it('a verified record missing required fields is refused, listing them; a draft is not', () => {
    const lacking = { ...records.demand, problem: null, techField: null };
    expect(checkRecordRules('demand', lacking, { scope: county })).toEqual([]);
    const [p] = checkRecordRules('demand', { ...lacking, status: 'reported' }, { scope: county });
    expect(p).toMatchObject({ code: 'REQUIRED_TO_VERIFY', field: 'problem' });
    expect(p!.missing!.map((m) => m.field)).toEqual(['problem', 'techField']);
    expect(p!.message.zh).toBe('需求已是核实及以后的状态，但还缺少：「主要问题」「技术领域」');
  });
});
