import { describe, expect, it } from 'vitest';
import demo from '@shared/domain/data/demo-reference.json';
import { getDivision, validateRecord } from '@shared/domain';

describe('demo reference data (clusters and industries)', () => {
  it('is labelled as demo data', () => {
    expect(demo.demo).toBe(true);
    expect(demo.note).toMatch(/DEMO DATA ONLY/);
  });

  it('every demo industry is a valid industry record with a unique code', () => {
    const codes = demo.industries.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const i of demo.industries) expect(validateRecord('industry', i), i.code).toEqual([]);
    expect(demo.industries.filter((i) => i.origin === 'plan-focus-domain').map((i) => i.name)).toEqual([
      '钢铁',
      '高端装备制造',
      '信息智能',
      '新能源',
      '新材料',
      '节能环保',
      '生物医药健康',
      '电子信息',
      '智能制造',
    ]);
  });

  it('every demo cluster is valid, sits in real Hebei county-level units and names a demo industry', () => {
    const industries = new Set(demo.industries.map((i) => i.code));
    const refExists = (entity: string, id: string): boolean => entity === 'industry' && industries.has(id);
    for (const c of demo.clusters) expect(validateRecord('cluster', c, { refExists }), c.code).toEqual([]);
    const where = Object.fromEntries(demo.clusters.map((c) => [c.name, getDivision(c.counties[0]!)!.name]));
    expect(where).toMatchObject({
      清河羊绒: '清河县',
      辛集皮革: '辛集市',
      白沟箱包: '保定白沟新城',
      安平丝网: '安平县',
      南和宠物食品: '南和区',
      河间再制造: '河间市',
    });
    expect(demo.clusters).toHaveLength(15);
  });
});
