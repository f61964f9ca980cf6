import { DashboardPage } from '../pages/DashboardPage';
import { ENTITY_SECTIONS } from '../pages/entity/config';
import { EntityPage } from '../pages/entity/EntityPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SyncPage } from '../pages/SyncPage';
import { useRouter } from './router';

/** The page of the current route. */
export function CurrentPage() {
  const section = useRouter((s) => s.route.section);
  switch (section) {
    case 'dashboard':
      return <DashboardPage />;
    case 'sync':
      return <SyncPage />;
    case 'settings':
      return <SettingsPage />;
    default: {
      const config = ENTITY_SECTIONS[section];
      return config ? <EntityPage key={section} config={config} /> : null;
    }
  }
}
