import { describe, expect, it } from 'vitest';
import { ENTITY_NAMES, TOMBSTONE_FIELD } from '@shared/change/op';
import {
  defaultValues,
  formFields,
  getSchema,
  knownFields,
  listColumns,
  SCHEMA_VERSION,
  SCHEMAS,
} from '@shared/domain';
import { defineEntity, L } from '@shared/domain/schema';

describe('schema completeness', () => {
  it('has one schema per entity of the change model, version 1', () => {
    expect(Object.keys(SCHEMAS).sort()).toEqual([...ENTITY_NAMES].sort());
    for (const e of ENTITY_NAMES) expect(getSchema(e).name).toBe(e);
    expect(SCHEMA_VERSION).toBe(2);
  });

  it.each(ENTITY_NAMES)('%s: every field, option and the entity itself have zh and en labels', (entity) => {
    const s = getSchema(entity);
    expect(s.labels.zh.trim()).not.toBe('');
    expect(s.labels.en.trim()).not.toBe('');
    for (const f of s.fields) {
      expect(f.labels.zh.trim(), `${entity}.${f.name}`).not.toBe('');
      expect(f.labels.en.trim(), `${entity}.${f.name}`).not.toBe('');
      if (f.help) expect(f.help.zh && f.help.en, `${entity}.${f.name} help`).toBeTruthy();
      for (const o of f.options ?? []) expect(o.labels.zh && o.labels.en, `${entity}.${f.name}=${o.code}`).toBeTruthy();
    }
  });

  it.each(ENTITY_NAMES)('%s: has a title field, list columns and form fields', (entity) => {
    const s = getSchema(entity);
    expect(s.fields.map((f) => f.name)).toContain(s.titleField);
    expect(listColumns(entity).length).toBeGreaterThan(0);
    expect(formFields(entity).length).toBeGreaterThan(0);
  });

  it('county-owned entities name their county field; reference tables and notices belong to the province', () => {
    const owners = Object.fromEntries(ENTITY_NAMES.map((e) => [e, getSchema(e).ownedBy]));
    expect(owners).toEqual({
      division: 'province',
      industry: 'province',
      cluster: 'province',
      enterprise: 'county',
      demand: 'county',
      commissioner: 'county',
      workstation: 'county',
      visit: 'county',
      attachment: 'county',
      notice: 'province',
    });
    for (const e of ENTITY_NAMES) {
      const s = getSchema(e);
      if (s.ownedBy === 'county') expect(s.fields.find((f) => f.name === s.countyField)?.kind, e).toBe('divisionCode');
    }
  });

  it('knownFields lists every schema field plus the tombstone, and nothing else', () => {
    const k = knownFields('demand');
    expect(k.has('name')).toBe(true);
    expect(k.has('status')).toBe(true);
    expect(k.has(TOMBSTONE_FIELD)).toBe(true);
    expect(k.has('aFieldFromANewerApp')).toBe(false);
    expect(k.size).toBe(getSchema('demand').fields.length + 1);
  });

  it('list columns come in their declared order; forms leave out system fields', () => {
    const cols = listColumns('demand').map((f) => f.listColumn!.order);
    expect(cols).toEqual([...cols].sort((a, b) => a - b));
    expect(listColumns('demand')[0]!.name).toBe('name');
    expect(formFields('demand').some((f) => f.name === 'status')).toBe(false);
    expect(defaultValues('demand')).toMatchObject({ status: 'draft', source: 'enterprise_filed' });
  });

  it('the technology fields and cooperation modes are the documented vocabularies', () => {
    const zh = (entity: 'demand', field: string): string[] =>
      getSchema(entity)
        .fields.find((f) => f.name === field)!
        .options!.map((o) => o.labels.zh);
    expect(zh('demand', 'techField')).toEqual([
      '电子信息',
      '光机电一体化',
      '生物技术与制药',
      '新材料及应用',
      '现代农业',
      '新能源与高效节能',
      '资源与环境',
      '高技术服务业',
      '海洋',
      '社会公共事业',
      '医疗卫生',
      '其他',
    ]);
    expect(zh('demand', 'cooperationModes')).toEqual([
      '委托开发',
      '合作开发',
      '技术转让',
      '技术许可',
      '技术咨询',
      '技术服务',
      '作价投资',
      '人才引进',
      '共建研发平台',
    ]);
    expect(zh('demand', 'solveMode')).toEqual(['独立研发', '委托开发', '合作研发', '其他']);
  });

  it('defineEntity refuses a rule that names an unknown field, and a longtext without a limit', () => {
    const base = {
      name: 'notice' as const,
      labels: L('通知', 'Notice'),
      ownedBy: 'province' as const,
      titleField: 'title',
    };
    const title = { name: 'title', kind: 'text' as const, labels: L('标题', 'Title') };
    expect(() =>
      defineEntity({ ...base, fields: [title], rules: [{ kind: 'notLess', field: 'title', than: 'nope' }] }),
    ).toThrow(/unknown field nope/);
    expect(() => defineEntity({ ...base, fields: [{ ...title, kind: 'longtext' }] })).toThrow(/maxLength/);
    expect(() => defineEntity({ ...base, fields: [title, title] })).toThrow(/duplicate/);
  });
});

describe('commissioner personal data', () => {
  it('has no identity-card field at all (LinkDesk stores no raw ID numbers)', () => {
    const s = getSchema('commissioner');
    const idLike = /id.?card|idno|identity|citizen|身份证|证件/i;
    for (const f of s.fields) {
      expect(f.name, f.name).not.toMatch(idLike);
      expect(f.labels.zh + f.labels.en, f.name).not.toMatch(idLike);
      for (const h of f.headers) expect(h, `${f.name} header`).not.toMatch(idLike);
    }
    expect(knownFields('commissioner').has('idCard')).toBe(false);
  });

  it('has the documented kinds of commissioner', () => {
    const kinds = getSchema('commissioner')
      .fields.find((f) => f.name === 'kind')!
      .options!.map((o) => o.code);
    expect(kinds).toEqual(['agricultural', 'enterprise', 'township', 'team_member', 'broker', 'graduate']);
  });
});
