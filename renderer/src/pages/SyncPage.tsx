/** 同步 Sync. Test ids: page-sync, sync-pending, sync-last. */
import { Card, Typography } from 'antd';
import { useSession } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { PageFrame } from '../components/PageFrame';
import { formatDateTime } from '../format';
import { useT } from '../i18n';

export function SyncPage() {
  const t = useT();
  const pending = useSession((s) => s.pendingOps);
  const lastSync = useSession((s) => s.lastSync);
  return (
    <PageFrame section="sync" title={t('sync.title')}>
      <Card>
        <Typography.Paragraph data-testid="sync-pending">{t('sync.pending', { count: pending })}</Typography.Paragraph>
        <Typography.Paragraph data-testid="sync-last">{lastSync ? t('sync.lastSync', { time: formatDateTime(lastSync) }) : t('sync.never')}</Typography.Paragraph>
      </Card>
      {!lastSync && <EmptyState text={t('empty.sync')} />}
    </PageFrame>
  );
}
