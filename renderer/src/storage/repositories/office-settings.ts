/**
 * The office's own settings, kept in the settings table: which level of office this device works for
 * (it decides the status moves allowed) and how many visits each commissioner should make per term.
 * Once the device is enrolled, the level and scope are those of its certificate (the province set them): they are
 * kept here at enrolment, shown in 设置 and cannot be changed there.
 */
import { isOfficeLevel, type OfficeScope } from '@shared/domain/scope';
import { isRole, type Role } from '@shared/domain/status';
import type { SettingsRepository } from './operators';

/** The levels of office that run this app (a township clerk works through the county office). */
export const OFFICE_ROLES = ['county', 'city', 'province'] as const satisfies readonly Role[];
export type OfficeRole = (typeof OFFICE_ROLES)[number];

export const DEFAULT_OFFICE_ROLE: OfficeRole = 'county';
/** Visits a commissioner should make per term unless the office sets another target. */
export const DEFAULT_VISIT_TARGET = 12;
export const MAX_VISIT_TARGET = 365;

const ROLE_KEY = 'officeRole';
const TARGET_KEY = 'visitTargetPerTerm';
const CERTIFIED_KEY = 'officeFromCertificate';

export interface OfficeSettings {
  role: OfficeRole;
  visitTarget: number;
  /** The level and scope of the device certificate once enrolled; null before enrolment. */
  certified: OfficeScope | null;
}

export function isOfficeRole(value: unknown): value is OfficeRole {
  return isRole(value) && (OFFICE_ROLES as readonly string[]).includes(value);
}

export function isVisitTarget(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_VISIT_TARGET;
}

/** The stored settings, with the defaults for anything missing or unreadable. */
export async function readOfficeSettings(settings: SettingsRepository): Promise<OfficeSettings> {
  const [role, target, certified] = await Promise.all([
    settings.get(ROLE_KEY),
    settings.get(TARGET_KEY),
    settings.get(CERTIFIED_KEY),
  ]);
  const office = asOfficeScope(certified);
  return {
    role: office ? office.level : isOfficeRole(role) ? role : DEFAULT_OFFICE_ROLE,
    visitTarget: isVisitTarget(target) ? target : DEFAULT_VISIT_TARGET,
    certified: office,
  };
}

function asOfficeScope(v: unknown): OfficeScope | null {
  if (!v || typeof v !== 'object') return null;
  const { level, code } = v as Record<string, unknown>;
  return isOfficeLevel(level) && typeof code === 'string' ? { level, code } : null;
}

/** Before enrolment only: once enrolled, the level is the certificate's. */
export async function setOfficeRole(settings: SettingsRepository, role: OfficeRole): Promise<void> {
  if (!isOfficeRole(role)) throw new RangeError(`not an office role: ${String(role)}`);
  if (asOfficeScope(await settings.get(CERTIFIED_KEY)))
    throw new RangeError('the office level comes from the device certificate');
  await settings.set(ROLE_KEY, role);
}

/** At enrolment: the level and scope the province put in the device certificate (scopeOfCertificate). */
export async function setOfficeFromCertificate(settings: SettingsRepository, office: OfficeScope): Promise<void> {
  await settings.set(CERTIFIED_KEY, { level: office.level, code: office.code });
}

/** Refuses anything but a whole number from 1 to MAX_VISIT_TARGET. */
export async function setVisitTarget(settings: SettingsRepository, target: number): Promise<void> {
  if (!isVisitTarget(target))
    throw new RangeError(`visit target must be a whole number from 1 to ${MAX_VISIT_TARGET}: ${target}`);
  await settings.set(TARGET_KEY, target);
}
