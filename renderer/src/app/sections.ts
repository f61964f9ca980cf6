import type { MessageKey } from '../i18n';

/** The eight sections, in menu order. Keys are stable: URL hash, nav-<key> and page-<key> test ids. */
export const SECTIONS = [
  'dashboard',
  'enterprises',
  'demands',
  'commissioners',
  'visits',
  'clusters',
  'sync',
  'settings',
] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(value: unknown): value is Section {
  return typeof value === 'string' && (SECTIONS as readonly string[]).includes(value);
}

export const sectionLabelKey = (s: Section): MessageKey => `nav.${s}`;
