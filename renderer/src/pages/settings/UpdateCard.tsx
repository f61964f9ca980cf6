/**
 * 软件更新: the app's own update from the provincial server's feed, through the desktop bridge.
 */
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT, type MessageKey } from '../../i18n';
import { getBridge } from '../../platform';
import type { UpdateState, UpdateStatus } from '@shared/bridge';

const ALERT_TYPE: Record<UpdateState, 'info' | 'success' | 'warning' | 'error'> = {
  unsupported: 'info',
  'no-server': 'warning',
  idle: 'info',
  'up-to-date': 'success',
  available: 'info',
  downloading: 'info',
  downloaded: 'success',
  failed: 'error',
};

const POLL_MS = 500;

export function UpdateCard() {
  const t = useT();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [bridgeError, setBridgeError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void getBridge()
      .updateStatus()
      .then(
        (s) => live && setStatus(s),
        (e: Error) => live && setBridgeError(e.message),
      );
    return () => {
      live = false;
    };
  }, []);

  // While a download runs, its call is pending: poll the status for the progress bar.
  useEffect(() => {
    if (status?.state !== 'downloading') return;
    const timer = setInterval(() => {
      void getBridge()
        .updateStatus()
        .then(
          (s) => setStatus((now) => (now?.state === 'downloading' ? s : now)),
          () => undefined,
        );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [status?.state]);

  const run = async (step: () => Promise<UpdateStatus | void>, optimistic?: Partial<UpdateStatus>): Promise<void> => {
    setBusy(true);
    setBridgeError(null);
    if (optimistic) setStatus((now) => (now ? { ...now, ...optimistic } : now));
    try {
      const next = await step();
      if (next) setStatus(next);
    } catch (e) {
      setBridgeError((e as Error).message);
      setStatus(
        await getBridge()
          .updateStatus()
          .catch(() => null),
      );
    } finally {
      setBusy(false);
    }
  };

  if (!status)
    return bridgeError ? (
      <Alert
        type="warning"
        showIcon
        title={t('update.state.failed')}
        description={t('update.detail', { reason: bridgeError })}
      />
    ) : null;
  const version = status.available ?? '';
  const detail = bridgeError ?? (status.state === 'failed' || status.state === 'unsupported' ? status.reason : null);
  return (
    <Card title={t('update.title')} data-testid="update-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('update.current', { version: status.current })}</Typography.Text>
        <Alert
          type={ALERT_TYPE[status.state]}
          showIcon
          data-testid="update-state"
          title={t(`update.state.${status.state}` as MessageKey, { version })}
          description={
            detail ? (
              <Typography.Text type="secondary">{t('update.detail', { reason: detail })}</Typography.Text>
            ) : undefined
          }
        />
        {status.state === 'downloading' && <Progress percent={status.percent ?? 0} data-testid="update-progress" />}
        <Space>
          {status.state !== 'unsupported' && (
            <Button
              data-testid="update-check"
              loading={busy && status.state !== 'downloading'}
              disabled={busy || status.state === 'downloading'}
              onClick={() => void run(() => getBridge().updateCheck())}
            >
              {t('update.check')}
            </Button>
          )}
          {status.state === 'available' && (
            <Button
              type="primary"
              data-testid="update-download"
              disabled={busy}
              onClick={() => void run(() => getBridge().updateDownload(), { state: 'downloading', percent: 0 })}
            >
              {t('update.download')}
            </Button>
          )}
          {status.state === 'downloaded' && (
            <Button
              type="primary"
              data-testid="update-install"
              disabled={busy}
              onClick={() => void run(() => getBridge().updateInstall())}
            >
              {t('update.install')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
