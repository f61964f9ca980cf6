/** The office this device works for (first-run profile) and what it may write (its scope); re-read on changes. */
import type { OfficeScope } from '@shared/domain/scope';
import { useEffect, useState } from 'react';
import { onChange, repos, type OfficeProfile } from '../storage/repositories';

export interface OfficeState {
  loaded: boolean;
  profile: OfficeProfile | null;
  scope: OfficeScope | null;
}

export function useOffice(): OfficeState {
  const [state, setState] = useState<OfficeState>({ loaded: false, profile: null, scope: null });
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const [profile, scope] = await Promise.all([repos().office.profile(), repos().office.scope()]);
      if (live) setState({ loaded: true, profile, scope });
    };
    void load();
    // Settings hold the profile; enrolment (the sync identity) changes the scope and refreshes the screens.
    const off = onChange(() => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}
