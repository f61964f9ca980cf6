// Scope at entry: the UI's write path refuses a record outside the office's scope — the first-run county before
// enrolment, the certificate's scope after it — and a device not yet set up is not held to any county.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  readOfficeProfile,
  readOfficeScope,
  saveOfficeProfile,
  ScopeRefused,
} from '../../../../renderer/src/storage/repositories';
import { freshDb, repoOn } from './helpers';

const GAOYANG = '130628'; // 高阳县, 保定市
const as = { operator: '王科员' };
const enterpriseIn = (county: string, n = 1) => ({
  creditCode: ['914403001922038216', '91350100M000100Y43'][n - 1]!,
  name: `企业${n}`,
  county,
});

describe('the office scope of the UI write path', () => {
  it('first-run set-up: a county office records its own county and is refused another, naming that county', async () => {
    const db = freshDb();
    expect(await saveOfficeProfile(db, { county: GAOYANG, name: '高阳县科学技术局' })).toBeNull();
    expect(await readOfficeProfile(db)).toEqual({ county: GAOYANG, name: '高阳县科学技术局' });
    const repo = repoOn(db);
    await repo.save('enterprise', null, enterpriseIn(GAOYANG), as);
    const refused = await repo.save('enterprise', null, enterpriseIn('131125', 2), as).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScopeRefused);
    expect((refused as ScopeRefused).code).toBe('OUT_OF_SCOPE');
    expect((refused as ScopeRefused).text.zh).toContain('安平县');
    expect(await repo.count('enterprise')).toBe(1);
  });

  it('first-run set-up refuses a code that is not a Hebei county and an empty office name', async () => {
    const db = freshDb();
    expect(await saveOfficeProfile(db, { county: '130600', name: '保定市科技局' })).toBe('COUNTY');
    expect(await saveOfficeProfile(db, { county: '110101', name: '东城区' })).toBe('COUNTY');
    expect(await saveOfficeProfile(db, { county: GAOYANG, name: '  ' })).toBe('NAME');
    expect(await readOfficeProfile(db)).toBeNull();
    expect(await readOfficeScope(db)).toBeNull();
  });

  it('once enrolled, the certificate decides: a city office (保定市) records any county of its city', async () => {
    const db = freshDb();
    await saveOfficeProfile(db, { county: GAOYANG, name: '高阳县科学技术局' });
    await db.meta.put({
      key: 'syncIdentity',
      value: { deviceId: 'd', county: GAOYANG, keyId: 'k', scope: { level: 'city', code: '130600' } },
    });
    expect(await readOfficeScope(db)).toEqual({ level: 'city', code: '130600' });
    const repo = repoOn(db);
    await repo.save('enterprise', null, enterpriseIn('130682'), as); // 定州市, 保定
    await expect(repo.save('enterprise', null, enterpriseIn('131125', 2), as)).rejects.toBeInstanceOf(ScopeRefused);
  });

  it('a device not yet set up is not held to a county', async () => {
    const repo = repoOn(freshDb());
    await repo.save('enterprise', null, enterpriseIn('131125'), as);
    expect(await repo.count('enterprise')).toBe(1);
  });
});
