import { describe, expect, it } from 'vitest';
import { coerceCell, getField, type CellValue, type CoerceResult } from '@shared/domain';
import type { EntityName } from '@shared/change/op';

const cell = (entity: EntityName, field: string, raw: CellValue, county?: string): CoerceResult =>
  coerceCell(getField(entity, field)!, raw, county ? { county } : {});
const value = (r: CoerceResult): unknown => (r.ok ? r.value : `error ${r.error.code}`);

describe('reading spreadsheet cells into field values', () => {
  it('empty cells are null', () => {
    expect(value(cell('enterprise', 'name', '  '))).toBeNull();
    expect(value(cell('enterprise', 'name', undefined))).toBeNull();
  });

  it('text is trimmed; a credit code is normalised', () => {
    expect(value(cell('enterprise', 'name', '  某某公司 '))).toBe('某某公司');
    expect(value(cell('enterprise', 'creditCode', '９１３５０１００ｍ０００１００ｙ４３'))).toBe('91350100M000100Y43');
    expect(value(cell('enterprise', 'phone', 13812345678))).toBe('13812345678');
  });

  it('numbers accept units, thousands separators and full-width digits; yuan are not guessed into 万元', () => {
    expect(value(cell('demand', 'budget', 120.5))).toBe(120.5);
    expect(value(cell('demand', 'budget', '1,200.50 万元'))).toBe(1200.5);
    expect(value(cell('demand', 'budget', '１２０万'))).toBe(120);
    expect(value(cell('demand', 'budget', '50000元'))).toBe('error NOT_A_NUMBER');
    expect(value(cell('demand', 'budget', '若干'))).toBe('error NOT_A_NUMBER');
    expect(value(cell('demand', 'currentTrl', 'TRL5'))).toBe(5);
    expect(value(cell('demand', 'currentTrl', '6级'))).toBe(6);
    expect(value(cell('demand', 'periodStart', '2025年'))).toBe(2025);
    expect(value(cell('demand', 'periodStart', '明年'))).toBe('error BAD_YEAR');
  });

  it('dates accept the ways clerks write them and Excel day numbers', () => {
    for (const raw of ['2025-03-05', '2025/3/5', '2025.3.5', '2025年3月5日', '20250305', 45721]) {
      expect(value(cell('visit', 'date', raw)), String(raw)).toBe('2025-03-05');
    }
    expect(value(cell('visit', 'date', new Date(2025, 2, 5)))).toBe('2025-03-05');
    expect(value(cell('visit', 'date', '2025-02-30'))).toBe('error BAD_DATE');
    expect(value(cell('visit', 'date', '三月'))).toBe('error BAD_DATE');
  });

  it('yes/no cells become booleans', () => {
    expect(value(cell('industry', 'active', '是'))).toBe(true);
    expect(value(cell('industry', 'active', '否'))).toBe(false);
    expect(value(cell('industry', 'active', '√'))).toBe(true);
    expect(value(cell('industry', 'active', '也许'))).toBe('error NOT_IN_OPTIONS');
  });

  it('enums match codes, labels and synonyms', () => {
    expect(value(cell('demand', 'techField', '新材料及应用'))).toBe('new_materials');
    expect(value(cell('demand', 'techField', '新材料'))).toBe('new_materials');
    expect(value(cell('demand', 'techField', 'marine'))).toBe('marine');
    expect(value(cell('demand', 'solveMode', '合作开发'))).toBe('cooperative');
    expect(value(cell('demand', 'techField', '航天'))).toBe('error NOT_IN_OPTIONS');
  });

  it('multi-choice cells split on 、，; and spaces', () => {
    expect(value(cell('enterprise', 'qualifications', '高企、科小'))).toEqual(['high_tech', 'tech_sme']);
    expect(value(cell('enterprise', 'qualifications', '高新技术企业 专精特新“小巨人”'))).toEqual([
      'high_tech',
      'little_giant',
    ]);
    expect(value(cell('demand', 'cooperationModes', '技术转让；技术许可,技术转让'))).toEqual(['transfer', 'licensing']);
    expect(value(cell('enterprise', 'qualifications', '高企、瞪羚企业'))).toBe('error NOT_IN_OPTIONS');
  });

  it('keywords split into a list', () => {
    expect(value(cell('demand', 'keywords', '印染，废水回用、膜分离'))).toEqual(['印染', '废水回用', '膜分离']);
  });

  it('counties are found by code or name, with or without the city', () => {
    expect(value(cell('enterprise', 'county', '130628'))).toBe('130628');
    expect(value(cell('enterprise', 'county', '高阳县'))).toBe('130628');
    expect(value(cell('enterprise', 'county', '高阳'))).toBe('130628');
    expect(value(cell('enterprise', 'county', '河北省保定市高阳县'))).toBe('130628');
    expect(value(cell('enterprise', 'county', '张家口市桥西区'))).toBe('130703');
    expect(value(cell('enterprise', 'county', '保定白沟新城'))).toBe('130672');
    expect(value(cell('enterprise', 'county', '辛集市'))).toBe('130181');
    expect(value(cell('enterprise', 'county', '海淀区'))).toBe('error DIVISION_UNKNOWN');
  });

  it('a county name shared by two cities is refused, asking for the city', () => {
    const r = cell('enterprise', 'county', '桥西区');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DIVISION_AMBIGUOUS');
    expect(r.error.params.candidates).toEqual(['130104', '130703']);
    expect(r.error.message.zh).toContain('请写明所属市');
  });

  it('townships are found by name inside the row county', () => {
    expect(value(cell('enterprise', 'township', '庞口镇', '130628'))).toBe('130628101');
    expect(value(cell('enterprise', 'township', '庞口', '130628'))).toBe('130628101');
    expect(value(cell('enterprise', 'township', '锦华街道', '130628'))).toBe('130628001');
    expect(value(cell('enterprise', 'township', '130628101'))).toBe('130628101');
    expect(value(cell('enterprise', 'township', '庞口镇'))).toBe('error DIVISION_UNKNOWN');
  });

  it('cluster counties are a list of county codes', () => {
    expect(value(cell('cluster', 'counties', '雄县、容城县、安新县'))).toEqual(['130638', '130629', '130632']);
  });

  it('references stay as the text the importer resolves', () => {
    expect(value(cell('demand', 'enterprise', ' 914403001922038216 '))).toBe('914403001922038216');
    expect(value(cell('visit', 'commissioners', '李强、王敏'))).toEqual(['李强', '王敏']);
  });
});
