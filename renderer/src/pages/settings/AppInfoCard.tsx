import { Card } from 'antd';
import { useT } from '../../i18n';

/** Version, shell and data location from the desktop bridge (filled once the bridge is available). */
export function AppInfoCard() {
  const t = useT();
  return <Card title={t('settings.dataDir')} data-testid="app-info" />;
}
