/**
 * 设置 Settings.
 */
import { Alert, Button, Card, Input, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { LangSwitch } from '../app/AppLayout';
import { useSession } from '../app/session';
import { PageFrame } from '../components/PageFrame';
import { EmptyState } from '../components/EmptyState';
import { useT } from '../i18n';
import { repos } from '../storage/repositories';
import { AppInfoCard } from './settings/AppInfoCard';
import { AutoBackupCard } from './settings/AutoBackupCard';
import { BackupCard } from './settings/BackupCard';
import { OfficeCard } from './settings/OfficeCard';
import { UpdateCard } from './settings/UpdateCard';

export function SettingsPage() {
  const t = useT();
  return (
    <PageFrame section="settings" title={t('settings.title')}>
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 760 }}>
        <OperatorsCard />
        <Card title={t('settings.language')}>
          <LangSwitch testId="lang-switch" />
        </Card>
        <OfficeCard />
        <PersistCard />
        <BackupCard />
        <AutoBackupCard />
        <AppInfoCard />
        <UpdateCard />
      </Space>
    </PageFrame>
  );
}

function OperatorsCard() {
  const t = useT();
  const operators = useSession((s) => s.operators);
  const current = useSession((s) => s.currentOperator);
  const setOperator = useSession((s) => s.setOperator);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const add = async (): Promise<void> => {
    const result = await repos().operators.add(name);
    if (!result.ok) {
      setProblem(
        result.reason === 'EMPTY' ? t('settings.operatorEmpty') : t('settings.operatorExists', { name: name.trim() }),
      );
      return;
    }
    setProblem(null);
    setName('');
    if (!useSession.getState().currentOperator) await setOperator(result.operator.name);
  };

  return (
    <Card title={t('settings.operators')}>
      <Typography.Paragraph type="secondary">{t('settings.operatorsHelp')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
        <Input
          data-testid="operator-name-input"
          aria-label={t('settings.operatorName')}
          placeholder={t('settings.operatorNamePlaceholder')}
          value={name}
          maxLength={30}
          status={problem ? 'error' : undefined}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => void add()}
        />
        <Button type="primary" data-testid="operator-add" onClick={() => void add()}>
          {t('settings.operatorAdd')}
        </Button>
      </Space.Compact>
      {problem && (
        <Typography.Text type="danger" data-testid="operator-error" style={{ display: 'block', marginTop: 4 }}>
          {problem}
        </Typography.Text>
      )}
      <div style={{ marginTop: 16 }}>
        {operators.length === 0 ? (
          <EmptyState text={t('empty.operators')} testId="operator-list-empty" />
        ) : (
          <List
            data-testid="operator-list"
            size="small"
            bordered
            dataSource={operators}
            renderItem={(item) => <List.Item data-testid="operator-item">{item}</List.Item>}
          />
        )}
      </div>
      <div style={{ marginTop: 16 }}>
        <Typography.Text strong style={{ marginRight: 8 }}>
          {t('settings.operatorCurrent')}
        </Typography.Text>
        <Select
          data-testid="operator-select"
          aria-label={t('settings.operatorCurrent')}
          style={{ minWidth: 200 }}
          placeholder={t('common.selectPlaceholder')}
          value={current ?? undefined}
          options={operators.map((o) => ({ value: o, label: o }))}
          onChange={(v: string) => void setOperator(v)}
        />
      </div>
    </Card>
  );
}

function PersistCard() {
  const t = useT();
  const persist = useSession((s) => s.persist);
  const kind = persist === 'granted' ? 'success' : persist === 'denied' ? 'warning' : 'info';
  const text =
    persist === 'granted'
      ? t('settings.persistGranted')
      : persist === 'denied'
        ? t('settings.persistDenied')
        : t('settings.persistUnknown');
  return (
    <Card title={t('settings.storage')}>
      <Alert data-testid="persist-status" data-state={persist ?? 'pending'} type={kind} showIcon title={text} />
    </Card>
  );
}
