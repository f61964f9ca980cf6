/** The office levels a device certificate grants: a leaf module, so status rules and scope can both name them. */
export const OFFICE_LEVELS = ['county', 'city', 'province'] as const;
export type OfficeLevel = (typeof OFFICE_LEVELS)[number];
