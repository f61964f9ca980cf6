/**
 * The office this device works for: set once at first run (county, office name, operator), before enrolment. Once
 * the device is enrolled, its scope comes from the certificate (the sync identity) and the first-run county is only
 * the default it started with. Every county field defaults to the office's county, and the write path refuses a
 * record outside the office's scope (shared/src/domain/write-rules.ts).
 */
import { isCountyLevel } from '@shared/domain/divisions';
import { OFFICE_LEVELS, type OfficeLevel, type OfficeScope } from '@shared/domain/scope';
import type { LinkDeskDb } from '../db';
import { emitChange } from './events';

const COUNTY_KEY = 'officeCounty';
const NAME_KEY = 'officeName';
/** Where the sync engine keeps the enrolled identity (renderer/src/sync/dexie-store.ts SYNC_META.identity). */
const IDENTITY_KEY = 'syncIdentity';

export interface OfficeProfile {
  /** GB/T 2260 county-level code of the office. */
  county: string;
  /** The office's name as it heads printouts (e.g. 高阳县科学技术局). */
  name: string;
}

/** The first-run profile, or null when the device has not been set up. */
export async function readOfficeProfile(db: LinkDeskDb): Promise<OfficeProfile | null> {
  const [county, name] = await Promise.all([db.settings.get(COUNTY_KEY), db.settings.get(NAME_KEY)]);
  const code = county?.value;
  if (typeof code !== 'string' || !isCountyLevel(code)) return null;
  return { county: code, name: typeof name?.value === 'string' ? name.value : '' };
}

export type ProfileProblem = 'COUNTY' | 'NAME';

/** Saves the first-run profile; refuses a code that is not a Hebei county-level unit, or an empty office name. */
export async function saveOfficeProfile(db: LinkDeskDb, profile: OfficeProfile): Promise<ProfileProblem | null> {
  if (!isCountyLevel(profile.county) || !profile.county.startsWith('13')) return 'COUNTY';
  const name = profile.name.trim();
  if (name === '') return 'NAME';
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: COUNTY_KEY, value: profile.county });
    await db.settings.put({ key: NAME_KEY, value: name });
  });
  emitChange({ entity: 'settings' });
  return null;
}

/**
 * What this office may write: the certificate's scope once enrolled (a certificate naming only its county is a
 * county office), the first-run county before that, or null on a device not yet set up.
 */
export async function readOfficeScope(db: LinkDeskDb): Promise<OfficeScope | null> {
  const identity = (await db.meta.get(IDENTITY_KEY))?.value as
    { county?: unknown; scope?: { level?: unknown; code?: unknown } } | undefined;
  if (identity) {
    const { scope } = identity;
    if (scope && typeof scope.code === 'string' && (OFFICE_LEVELS as readonly string[]).includes(String(scope.level)))
      return { level: scope.level as OfficeLevel, code: scope.code };
    if (typeof identity.county === 'string' && isCountyLevel(identity.county))
      return { level: 'county', code: identity.county };
  }
  const profile = await readOfficeProfile(db);
  return profile ? { level: 'county', code: profile.county } : null;
}
