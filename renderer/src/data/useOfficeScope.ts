/**
 * The scope of this office as its enrolment names it (a county office's county), or null before enrolment.
 * Lists of province-wide reference data (产业集群) are limited to it.
 */
import { countyInScope, scopeOfCertificate, type OfficeScope } from '@shared/domain/scope';
import { useEffect, useState } from 'react';
import { getDb } from '../storage/db';
import { onChange } from '../storage/repositories';

/** Where the sync identity is kept (SYNC_META.identity of the sync store). */
const IDENTITY_KEY = 'syncIdentity';

export function useOfficeScope(): OfficeScope | null | undefined {
  const [scope, setScope] = useState<OfficeScope | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const identity = (await getDb().meta.get(IDENTITY_KEY))?.value as
        | { county?: unknown; level?: unknown; scope?: unknown }
        | undefined;
      const next =
        identity && typeof identity.county === 'string'
          ? scopeOfCertificate(identity as Parameters<typeof scopeOfCertificate>[0])
          : null;
      if (live) setScope(next);
    };
    void load();
    const off = onChange(() => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return scope;
}

/** Whether a record naming these counties (a cluster's 所在县) concerns the office. */
export function concernsOffice(scope: OfficeScope, counties: unknown): boolean {
  return Array.isArray(counties) && counties.some((c) => typeof c === 'string' && countyInScope(scope, c));
}
