import { ClustersPage } from '../pages/ClustersPage';
import { DashboardPage } from '../pages/DashboardPage';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SyncPage } from '../pages/SyncPage';
import { useRouter } from './router';

/** The page of the current route. */
export function CurrentPage() {
  const section = useRouter((s) => s.route.section);
  switch (section) {
    case 'dashboard':
      return <DashboardPage />;
    case 'enterprises':
      return <PlaceholderPage section="enterprises" empty="empty.enterprises" />;
    case 'demands':
      return <PlaceholderPage section="demands" empty="empty.demands" />;
    case 'commissioners':
      return <PlaceholderPage section="commissioners" empty="empty.commissioners" />;
    case 'visits':
      return <PlaceholderPage section="visits" empty="empty.visits" />;
    case 'clusters':
      return <ClustersPage />;
    case 'sync':
      return <SyncPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
