import { Layout, Menu, Radio, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LANGS, useLang, useT } from '../i18n';
import { useRouter } from './router';
import { SECTIONS, sectionLabelKey, type Section } from './sections';
import { useSession } from './session';
import { ReconnectBoundary, ShellConnectionBanner } from './ShellConnection';

/** Left navigation, header (app name, operator, sync status, language) and the page area. */
export function AppLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const section = useRouter((s) => s.route.section);
  const navigate = useRouter((s) => s.navigate);
  const items = SECTIONS.map((key: Section) => ({
    key,
    label: <span data-testid={`nav-${key}`}>{t(sectionLabelKey(key))}</span>,
  }));
  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          paddingInline: 24,
        }}
      >
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }} data-testid="app-name">
          {t('app.name')}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <OperatorBadge />
        <SyncBadge />
        <LangSwitch testId="header-lang-switch" />
      </Layout.Header>
      <Layout style={{ minHeight: 0 }}>
        <Layout.Sider width={180} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <Menu
            mode="inline"
            selectedKeys={[section]}
            items={items}
            onClick={(e) => navigate(e.key as Section)}
            style={{ borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, overflow: 'auto', minHeight: 0 }}>
          <ShellConnectionBanner />
          <ReconnectBoundary>{children}</ReconnectBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function OperatorBadge() {
  const t = useT();
  const operator = useSession((s) => s.currentOperator);
  return (
    <Typography.Text data-testid="header-operator" type={operator ? undefined : 'warning'}>
      {operator ? t('header.operator', { name: operator }) : t('header.noOperator')}
    </Typography.Text>
  );
}

function SyncBadge() {
  const t = useT();
  const pending = useSession((s) => s.pendingRecords);
  return (
    <Tag data-testid="header-sync-status" color={pending > 0 ? 'orange' : 'default'}>
      {pending > 0 ? t('header.sync.pending', { count: pending }) : t('header.sync.offline')}
    </Tag>
  );
}

/** Language radio buttons; the setting is stored with the others (see session.setLang). */
export function LangSwitch({ testId }: { testId: string }) {
  const t = useT();
  const lang = useLang();
  const setLang = useSession((s) => s.setLang);
  return (
    <span data-testid={testId}>
      <Radio.Group
        optionType="button"
        size="small"
        value={lang}
        onChange={(e) => void setLang(e.target.value as typeof lang)}
        options={LANGS.map((l) => ({ value: l, label: <span data-testid={`${testId}-${l}`}>{t(`lang.${l}`)}</span> }))}
      />
    </span>
  );
}
