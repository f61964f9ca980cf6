/** Export the whole local database to a file and restore it. */
import { Alert, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { formatDateShort } from '../../format';
import { useT } from '../../i18n';
import { getBridge } from '../../platform';
import { BackupError, base64ToText, textToBase64 } from '../../storage/backup';
import { repos } from '../../storage/repositories';

export function BackupCard() {
  const t = useT();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<{ ok: boolean; text: string }>): Promise<void> => {
    setBusy(true);
    try {
      setResult(await action());
    } catch (error) {
      setResult({ ok: false, text: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  const describe = (error: unknown): string => {
    if (error instanceof BackupError) return error.code === 'BACKUP_TOO_NEW' ? t('backup.tooNew') : t('backup.invalid');
    return t('common.unexpectedError', { reason: (error as Error).message });
  };

  const exportNow = (): Promise<void> =>
    run(async () => {
      const text = await repos().backup.export();
      const stamp = formatDateShort(new Date()).replace(/-/g, '');
      const saved = await getBridge().saveFile({
        suggestedName: `linkdesk-backup-${stamp}.json`,
        mime: 'application/json',
        dataBase64: textToBase64(text),
      });
      return saved
        ? { ok: true, text: t('backup.exported', { path: saved.path }) }
        : { ok: true, text: t('backup.cancelled') };
    });

  const restoreNow = (): Promise<void> =>
    run(async () => {
      const file = await getBridge().openFile({ accept: ['.json', 'application/json'] });
      if (!file) return { ok: true, text: t('backup.cancelled') };
      const counts = await repos().backup.restore(base64ToText(file.dataBase64));
      return { ok: true, text: t('backup.restored', { count: counts.records }) };
    });

  return (
    <Card title={t('backup.title')}>
      <Typography.Paragraph type="secondary">{t('backup.help')}</Typography.Paragraph>
      <Space>
        <Button data-testid="backup-export" loading={busy} onClick={() => void exportNow()}>
          {t('backup.export')}
        </Button>
        <Popconfirm
          title={t('backup.restoreConfirm')}
          onConfirm={() => void restoreNow()}
          okButtonProps={{ 'data-testid': 'backup-restore-confirm' }}
        >
          <Button danger data-testid="backup-restore" loading={busy}>
            {t('backup.restore')}
          </Button>
        </Popconfirm>
      </Space>
      {result && (
        <Alert
          data-testid="backup-result"
          data-ok={result.ok}
          style={{ marginTop: 12 }}
          type={result.ok ? 'success' : 'error'}
          showIcon
          title={result.text}
        />
      )}
    </Card>
  );
}
