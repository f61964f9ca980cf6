import { DashboardPage } from '../pages/DashboardPage';
import { ENTITY_SECTIONS } from '../pages/entity/config';
import { EntityPage } from '../pages/entity/EntityPage';
import { SpreadsheetBar } from '../pages/import/SpreadsheetBar';
import { SettingsPage } from '../pages/SettingsPage';
import { SyncPage } from '../pages/SyncPage';
import { useRouter } from './router';

/** The page of the current route. */
export function CurrentPage() {
  const section = useRouter((s) => s.route.section);
  const listing = useRouter((s) => s.route.rest.length === 0);
  switch (section) {
    case 'dashboard':
      return <DashboardPage />;
    case 'sync':
      return <SyncPage />;
    case 'settings':
      return <SettingsPage />;
    default: {
      const config = ENTITY_SECTIONS[section];
      if (!config) return null;
      // The Excel buttons sit over the lists that import and export (not the read-only 产业集群).
      const excel = listing && !config.readOnly ? <SpreadsheetBar entity={config.entity} /> : null;
      return (
        <>
          {excel && <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>{excel}</div>}
          <EntityPage key={section} config={config} />
        </>
      );
    }
  }
}
