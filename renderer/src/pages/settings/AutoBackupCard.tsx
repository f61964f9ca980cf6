/**
 * The daily automatic backup: which folder, how many copies to keep, when it last ran (or why it failed),
 * and a button to run it now.
 */
import { Alert, Button, Card, InputNumber, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { getBridge } from '../../platform';
import { readAutoBackup, runAutoBackup, updateAutoBackup, type AutoBackupSettings } from '../../storage/auto-backup';
import { repos } from '../../storage/repositories';

export function AutoBackupCard() {
  const t = useT();
  const [settings, setSettings] = useState<AutoBackupSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(async () => setSettings(await readAutoBackup(repos())), []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    try {
      await action();
    } finally {
      await reload();
      setBusy(false);
    }
  };
  const choose = (): Promise<void> =>
    act(async () => {
      const folder = await getBridge().chooseFolder();
      if (folder) await updateAutoBackup(repos(), { folder, lastError: null });
    });
  const setKeep = (keep: number | null): Promise<void> =>
    act(() => updateAutoBackup(repos(), { keep: Math.min(100, Math.max(1, Math.round(keep ?? 1))) }));
  const backupNow = (): Promise<void> => act(() => runAutoBackup({ repos: repos(), bridge: getBridge() }, true));

  if (!settings) return null;
  return (
    <Card title={t('autoBackup.title')}>
      <Typography.Paragraph type="secondary">{t('autoBackup.help')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{t('autoBackup.folder')}</Typography.Text>
          <Typography.Text data-testid="autobackup-folder" type={settings.folder ? undefined : 'secondary'}>
            {settings.folder ?? t('autoBackup.noFolder')}
          </Typography.Text>
          <Button data-testid="autobackup-choose" loading={busy} onClick={() => void choose()}>
            {t('autoBackup.choose')}
          </Button>
        </Space>
        <Space wrap>
          <Typography.Text strong>{t('autoBackup.keep')}</Typography.Text>
          <InputNumber
            data-testid="autobackup-keep"
            aria-label={t('autoBackup.keep')}
            min={1}
            max={100}
            precision={0}
            value={settings.keep}
            onChange={(v) => void setKeep(v)}
          />
          <Button
            data-testid="autobackup-now"
            disabled={!settings.folder}
            loading={busy}
            onClick={() => void backupNow()}
          >
            {t('autoBackup.now')}
          </Button>
        </Space>
        <Typography.Text data-testid="autobackup-last" type="secondary">
          {settings.lastBackupAt
            ? t('autoBackup.last', { time: formatDateTime(settings.lastBackupAt), path: settings.lastPath ?? '' })
            : t('autoBackup.never')}
        </Typography.Text>
        {settings.lastError && (
          <Alert
            data-testid="autobackup-error"
            type="error"
            showIcon
            title={t('autoBackup.failed', { reason: settings.lastError })}
          />
        )}
      </Space>
    </Card>
  );
}
