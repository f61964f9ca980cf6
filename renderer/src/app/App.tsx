import { Alert, App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { applyDayjsLocale } from '../format';
import { useLang, useT } from '../i18n';
import { FirstRunBanner } from '../pages/settings/FirstRunSetup';
import { AppLayout } from './AppLayout';
import { CurrentPage } from './Pages';
import { useSession } from './session';

/** Ant Design configured for the chosen language (zh_CN by default), the layout and the current page. */
export function App() {
  const lang = useLang();
  applyDayjsLocale(lang); // before the tree renders, so calendars never show the other language
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <AppLayout>
          <StartupError />
          <FirstRunBanner />
          <CurrentPage />
        </AppLayout>
      </AntApp>
    </ConfigProvider>
  );
}

function StartupError() {
  const t = useT();
  const error = useSession((s) => s.error);
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="startup-error"
      title={t('error.storage', { reason: error })}
      style={{ marginBottom: 16 }}
    />
  );
}
