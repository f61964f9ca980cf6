import { describe, expect, it } from 'vitest';
import { ENTITY_NAMES } from '@shared/change/op';
import { headerCollisions, matchHeader, matchHeaderRow } from '@shared/domain';
import { buildHeaderIndex } from '@shared/domain/headers';
import { defineEntity, L } from '@shared/domain/schema';

describe('spreadsheet header synonyms', () => {
  it.each([
    ['企业名称', 'name'],
    ['单位名称', 'name'],
    ['企业全称', 'name'],
    ['统一社会信用代码', 'creditCode'],
    ['信用代码', 'creditCode'],
    ['社会信用代码', 'creditCode'],
    ['归口管理部门', 'competentDept'],
    ['企业简介（500字以内）', 'profile'],
    ['所在乡镇', 'township'],
    ['县（市、区）', 'county'],
  ])('enterprise: 「%s」 → %s', (header, field) => {
    expect(matchHeader('enterprise', header)).toBe(field);
  });

  it.each([
    ['需求名称', 'name'],
    ['项目名称', 'name'],
    ['拟投入自有资金(万元)', 'budget'],
    ['拟投入自有资金（万元）', 'budget'],
    ['投入资金', 'budget'],
    ['投入资金/万元', 'budget'],
    ['主要问题', 'problem'],
    ['技术关键', 'keyTechnology'],
    ['预期目标', 'expectedGoal'],
    ['关键词', 'keywords'],
    ['技术领域', 'techField'],
    ['科技活动类型', 'activityType'],
    ['合作方式', 'cooperationModes'],
    ['企业名称', 'enterprise'],
    ['统一社会信用代码', 'enterprise'],
  ])('demand: 「%s」 → %s', (header, field) => {
    expect(matchHeader('demand', header)).toBe(field);
  });

  it('ignores spaces, full-width forms, required marks, colons and case', () => {
    expect(matchHeader('enterprise', ' 企 业 名 称 ')).toBe('name');
    expect(matchHeader('enterprise', '*企业名称')).toBe('name');
    expect(matchHeader('enterprise', '企业名称：')).toBe('name');
    expect(matchHeader('demand', '拟投入自有资金 （ 万元 ） ')).toBe('budget');
    expect(matchHeader('demand', 'Demand Title')).toBe('name');
    expect(matchHeader('demand', 'BUDGET')).toBe('budget');
    expect(matchHeader('visit', '培训人数（人次）')).toBe('trainees');
  });

  it('returns null for a column it does not know', () => {
    expect(matchHeader('enterprise', '备注栏')).toBeNull();
    expect(matchHeader('enterprise', '')).toBeNull();
    expect(matchHeader('enterprise', '（万元）')).toBeNull();
  });

  it('maps a header row, ignoring unknown columns and a second column for the same field', () => {
    expect(matchHeaderRow('enterprise', ['序号', '企业名称', '统一社会信用代码', '单位名称', '联系电话'])).toEqual([
      null,
      'name',
      'creditCode',
      null,
      'phone',
    ]);
  });

  it.each(ENTITY_NAMES)('%s: no header or label is claimed by two fields', (entity) => {
    expect(headerCollisions(entity)).toEqual([]);
  });

  it('would notice two fields claiming the same header', () => {
    const schema = defineEntity({
      name: 'notice',
      labels: L('通知', 'Notice'),
      ownedBy: 'province',
      titleField: 'title',
      fields: [
        { name: 'title', kind: 'text', labels: L('标题', 'Title'), headers: ['名称'] },
        { name: 'subject', kind: 'text', labels: L('主题', 'Subject'), headers: ['名称（主题）'] },
      ],
    });
    expect(buildHeaderIndex(schema).collisions).toEqual(['名称: title / subject']);
  });
});
