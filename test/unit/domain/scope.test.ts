import { describe, expect, it } from 'vitest';
import {
  checkOpScope,
  countyInScope,
  PROVINCE_SCOPE,
  scopeOfCertificate,
  type OfficeScope,
} from '@shared/domain/scope';

const gaoyang: OfficeScope = { level: 'county', code: '130628' }; // 高阳县, 保定市
const baoding: OfficeScope = { level: 'city', code: '130600' };
const province: OfficeScope = { level: 'province', code: '130000' };

describe('an office scope', () => {
  it('lets a county office write its own county only', () => {
    expect(countyInScope(gaoyang, '130628')).toBe(true);
    expect(countyInScope(gaoyang, '131125')).toBe(false); // 安平县, 衡水市
    expect(countyInScope(gaoyang, PROVINCE_SCOPE)).toBe(false);
  });

  it('lets a city office write the counties of its city, 定州 included under 保定', () => {
    expect(countyInScope(baoding, '130628')).toBe(true);
    expect(countyInScope(baoding, '130682')).toBe(true); // 定州市
    expect(countyInScope(baoding, '131125')).toBe(false);
  });

  it('lets the province write every county and the reference data', () => {
    expect(countyInScope(province, '131125')).toBe(true);
    expect(countyInScope(province, PROVINCE_SCOPE)).toBe(true);
  });

  it('names the problem of an op outside the scope', () => {
    expect(checkOpScope(gaoyang, { entity: 'enterprise', county: '131125' })).toEqual({
      code: 'out-of-scope',
      county: '131125',
    });
    expect(checkOpScope(gaoyang, { entity: 'cluster', county: PROVINCE_SCOPE })).toEqual({
      code: 'province-owned',
      entity: 'cluster',
    });
    expect(checkOpScope(province, { entity: 'cluster', county: PROVINCE_SCOPE })).toBeNull();
    expect(checkOpScope(gaoyang, { entity: 'demand', county: '130628' })).toBeNull();
  });
});

describe('the scope of a device certificate', () => {
  it('is the level and scope the province set at enrolment', () => {
    expect(scopeOfCertificate({ county: '130600', level: 'city', scope: '130600' })).toEqual(baoding);
  });
  it('is a county office for a certificate that names only its county', () => {
    expect(scopeOfCertificate({ county: '130628' })).toEqual(gaoyang);
  });
});
