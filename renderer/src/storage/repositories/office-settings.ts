/**
 * The office's own settings, kept in the settings table: which level of office this device works for
 * (it decides the status moves allowed) and how many visits each commissioner should make per term.
 */
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

export interface OfficeSettings {
  role: OfficeRole;
  visitTarget: number;
}

export function isOfficeRole(value: unknown): value is OfficeRole {
  return isRole(value) && (OFFICE_ROLES as readonly string[]).includes(value);
}

export function isVisitTarget(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_VISIT_TARGET;
}

/** The stored settings, with the defaults for anything missing or unreadable. */
export async function readOfficeSettings(settings: SettingsRepository): Promise<OfficeSettings> {
  const [role, target] = await Promise.all([settings.get(ROLE_KEY), settings.get(TARGET_KEY)]);
  return {
    role: isOfficeRole(role) ? role : DEFAULT_OFFICE_ROLE,
    visitTarget: isVisitTarget(target) ? target : DEFAULT_VISIT_TARGET,
  };
}

export async function setOfficeRole(settings: SettingsRepository, role: OfficeRole): Promise<void> {
  if (!isOfficeRole(role)) throw new RangeError(`not an office role: ${String(role)}`);
  await settings.set(ROLE_KEY, role);
}

/** Refuses anything but a whole number from 1 to MAX_VISIT_TARGET. */
export async function setVisitTarget(settings: SettingsRepository, target: number): Promise<void> {
  if (!isVisitTarget(target))
    throw new RangeError(`visit target must be a whole number from 1 to ${MAX_VISIT_TARGET}: ${target}`);
  await settings.set(TARGET_KEY, target);
}
