import { describe, expect, it } from 'vitest';
import { getField, type FieldDef } from '@shared/domain';
import { cleanCell, serialToIso, type CleanResult } from '@shared/spreadsheet';
import type { EntityName } from '@shared/change/op';

const field = (entity: EntityName, name: string): FieldDef => getField(entity, name)!;
const value = (r: CleanResult): unknown => (r.ok ? r.value : `ERR:${r.problem.code}`);
const budget = field('demand', 'budget');
const deadline = field('demand', 'deadline');

describe('cleanCell: dates', () => {
  it.each([
    ['2022年4月22日', '2022-04-22'],
    ['2022.4.22', '2022-04-22'],
    ['2022-04-22', '2022-04-22'],
    ['2022/4/22', '2022-04-22'],
    ['２０２２年４月２２日', '2022-04-22'],
    ['2022-04-22 10:30', '2022-04-22'],
    ['44673', '2022-04-22'],
  ])('「%s」 → %s', (raw, iso) => {
    expect(value(cleanCell(deadline, raw))).toBe(iso);
  });

  it('an Excel serial date counts from 1899-12-30, or from 1904-01-01 in the 1904 system', () => {
    expect(value(cleanCell(deadline, 44673))).toBe('2022-04-22');
    expect(value(cleanCell(deadline, 44673 - 1462, { date1904: true }))).toBe('2022-04-22');
    expect(serialToIso(60)).toBe('1900-02-28'); // day 60 is Excel's phantom 1900-02-29; we land on the real calendar
    expect(serialToIso(0)).toBeNull();
  });

  it('a date that does not exist is BAD_DATE with the value quoted', () => {
    const r = cleanCell(deadline, '2022年2月30日');
    expect(value(r)).toBe('ERR:BAD_DATE');
    expect(r.ok ? '' : r.problem.message.zh).toContain('2022年2月30日');
  });
});

describe('cleanCell: amounts in 万元', () => {
  it.each([
    [50, 50],
    ['50', 50],
    ['50万元', 50],
    ['50万', 50],
    ['５０万元', 50],
    [' 12.5 万元 ', 12.5],
    ['1.2亿元', 12000],
    ['¥30万', 30],
  ])('%j → %j 万元', (raw, wan) => {
    expect(value(cleanCell(budget, raw))).toBe(wan);
  });

  it('「500,000元」 is yuan: converted to 50 万元, with a warning saying so', () => {
    const r = cleanCell(budget, '500,000元');
    expect(r).toMatchObject({ ok: true, value: 50, warning: { code: 'YUAN_CONVERTED' } });
  });

  it('yuan that do not fit two decimals of 万元 are rounded, and the warning says so', () => {
    expect(cleanCell(budget, '123,456元')).toMatchObject({ ok: true, value: 12.35, warning: { code: 'ROUNDED' } });
  });

  it('「五十万」 is refused: Chinese numerals are not guessed, and the message says to write digits', () => {
    const r = cleanCell(budget, '五十万');
    expect(value(r)).toBe('ERR:CHINESE_NUMERAL');
    expect(r.ok ? '' : r.problem.message.zh).toBe(
      '「拟投入自有资金」填的是中文数字「五十万」，请改为阿拉伯数字（单位：万元，如 50）',
    );
  });

  it('text that is no number is NOT_A_NUMBER', () => {
    expect(value(cleanCell(budget, '待定'))).toBe('ERR:NOT_A_NUMBER');
  });
});

describe('cleanCell: numbers, text, enumerations, lists', () => {
  it('full-width digits and TRL spellings become numbers; 十二 is a Chinese numeral', () => {
    const trl = field('demand', 'currentTrl');
    expect(value(cleanCell(trl, '３'))).toBe(3);
    expect(value(cleanCell(trl, 'TRL5'))).toBe(5);
    expect(value(cleanCell(trl, '4级'))).toBe(4);
    expect(value(cleanCell(trl, '十二'))).toBe('ERR:CHINESE_NUMERAL');
  });

  it('numbers in text fields keep all their digits (a phone typed into a General cell)', () => {
    expect(value(cleanCell(field('enterprise', 'phone'), 13812345678))).toBe('13812345678');
  });

  it('enumerations match by label, code or synonym after normalising: 合作开发 is 合作研发 on the solve-mode list', () => {
    expect(value(cleanCell(field('demand', 'solveMode'), '合作开发'))).toBe('cooperative');
    expect(value(cleanCell(field('demand', 'solveMode'), ' 合作研发 '))).toBe('cooperative');
    expect(value(cleanCell(field('demand', 'techField'), '节能环保'))).toBe('resources_environment');
    expect(value(cleanCell(field('demand', 'techField'), 'new_materials'))).toBe('new_materials');
    expect(value(cleanCell(field('demand', 'techField'), '航天'))).toBe('ERR:NOT_IN_OPTIONS');
  });

  it('multi-values split on 、，,；', () => {
    const modes = field('demand', 'cooperationModes');
    expect(value(cleanCell(modes, '合作研发、技术转让'))).toEqual(['joint_dev', 'transfer']);
    expect(value(cleanCell(modes, '委托开发，技术咨询;技术服务'))).toEqual([
      'commissioned_dev',
      'consulting',
      'service',
    ]);
  });

  it('keywords split on separators, or on spaces when no separator is used', () => {
    const kw = field('demand', 'keywords');
    expect(value(cleanCell(kw, '物联网、智能控制'))).toEqual(['物联网', '智能控制']);
    expect(value(cleanCell(kw, '复合材料 轻量化'))).toEqual(['复合材料', '轻量化']);
    expect(value(cleanCell(kw, '机器 视觉，图像'))).toEqual(['机器 视觉', '图像']);
  });

  it('counties by name, short name or with the city', () => {
    const county = field('demand', 'county');
    for (const s of ['高阳县', '高阳', '保定市高阳县', '130628']) expect(value(cleanCell(county, s))).toBe('130628');
  });
});

describe('cleanCell: credit codes', () => {
  const code = field('enterprise', 'creditCode');
  it('full-width characters, spaces and lower case are normalised', () => {
    expect(value(cleanCell(code, '９１３５０１００m０００ 100Y43'))).toBe('91350100M000100Y43');
  });

  it('a wrong check character is refused, naming the expected character', () => {
    const r = cleanCell(code, '91350100M000100Y4Z');
    expect(r).toMatchObject({
      ok: false,
      problem: { code: 'CREDIT_CODE_CHECK', params: { expected: '3', actual: 'Z' } },
    });
    expect(r.ok ? '' : r.problem.message.zh).toContain('校验位应为 3');
  });

  it('a code Excel stored as a number lost its last digits: NUMBER_PRECISION_LOST, with the fix', () => {
    const r = cleanCell(code, Number('914403001922038216'));
    expect(value(r)).toBe('ERR:NUMBER_PRECISION_LOST');
    expect(r.ok ? '' : r.problem.message.zh).toContain('文本');
  });
});
