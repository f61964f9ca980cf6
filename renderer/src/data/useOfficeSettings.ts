/** The office settings (role for status moves, visit target per term); re-read when a setting changes. */
import { useEffect, useState } from 'react';
import { DEFAULT_OFFICE_ROLE, DEFAULT_VISIT_TARGET, onChange, readOfficeSettings, repos, type OfficeSettings } from '../storage/repositories';

/** The stored settings; the defaults until they are read. `loaded` tells the two apart. */
export function useOfficeSettings(): OfficeSettings & { loaded: boolean } {
  const [state, setState] = useState<OfficeSettings & { loaded: boolean }>({
    role: DEFAULT_OFFICE_ROLE,
    visitTarget: DEFAULT_VISIT_TARGET,
    certified: null,
    loaded: false,
  });
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const next = await readOfficeSettings(repos().settings);
      if (live) setState({ ...next, loaded: true });
    };
    void load();
    const off = onChange((e) => {
      if (e.entity === 'settings') void load();
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}
