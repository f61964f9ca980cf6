import { Alert, Card, Descriptions } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { getBridge, type AppInfo } from '../../platform';

/** Version, shell and data location, from the desktop bridge. */
export function AppInfoCard() {
  const t = useT();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      try {
        const next = await getBridge().appInfo();
        if (live) setInfo(next);
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, []);
  return (
    <Card title={t('settings.dataDir')} data-testid="app-info">
      {error && <Alert type="warning" showIcon title={t('settings.appInfoError', { reason: error })} />}
      {info && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('settings.dataDir')}>
            <span data-testid="data-dir">{info.dataDir}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.appVersion')}>
            <span data-testid="app-version">{info.version}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.shell')}>
            {info.shell === 'electron' ? t('settings.shell.electron') : t('settings.shell.browser')}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.serverUrl')}>
            {info.serverUrl ?? t('settings.serverNone')}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.keystore')}>{info.keystore}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
