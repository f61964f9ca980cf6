/**
 * 同步 Sync: enrolment, 立即同步 with progress, what waits per record type, the last sync, the sequences the
 * server confirmed, warnings and errors in plain words with the next step, USB export/import, repair, 冲突 review.
 */
import { Alert, Button, Card, Descriptions, Popconfirm, Progress, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import type { SyncProgress } from '@shared/sync/ports';
import type { SyncStatus } from '@shared/sync/status';
import { useSession } from '../app/session';
import { PageFrame } from '../components/PageFrame';
import { formatDateTime } from '../format';
import { pick, useLang, useT } from '../i18n';
import { getBridge } from '../platform';
import { base64ToBytes, bytesToBase64 } from '../storage/backup';
import { onChange } from '../storage/repositories';
import { deviceSync, type EnrolmentState } from '../sync';
import { syncProgressText } from '../sync/progress-text';
import { ConflictsCard } from './sync/ConflictsCard';
import { describeSyncError } from './sync/describe-error';
import { EnrolCard } from './sync/EnrolCard';
import { HeldCard } from './sync/HeldCard';

type Outcome = { ok: boolean; text: string } | null;

export function SyncPage() {
  const t = useT();
  const lang = useLang();
  const [enrolment, setEnrolment] = useState<EnrolmentState | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [result, setResult] = useState<Outcome>(null);
  const [usb, setUsb] = useState<Outcome>(null);
  const [repair, setRepair] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  const reload = useCallback(async () => {
    const sync = deviceSync();
    const [e, s] = await Promise.all([sync.enrolment(), sync.status()]);
    setEnrolment(e);
    setStatus(s);
    setVersion((v) => v + 1);
    await useSession.getState().refresh();
  }, []);

  useEffect(() => {
    void reload();
    return onChange(() => void reload());
  }, [reload]);

  const act = async (set: (o: Outcome) => void, action: () => Promise<Outcome>): Promise<void> => {
    setBusy(true);
    set(null);
    try {
      set(await action());
    } catch (error) {
      set({ ok: false, text: describeSyncError(error, t, lang) });
    } finally {
      setBusy(false);
      setProgress(null);
      await reload();
    }
  };

  const syncNow = () =>
    act(setResult, async () => {
      const report = await deviceSync().run({ onProgress: setProgress });
      const done = t('sync.done', { pushed: report.pushed, ops: report.pulledOps });
      return { ok: true, text: report.held > 0 ? `${done}${t('sync.doneHeld', { count: report.held })}` : done };
    });

  const exportPending = () =>
    act(setUsb, async () => {
      const sync = deviceSync();
      const packages = await sync.exportPending();
      if (packages.length === 0) return { ok: true, text: t('sync.usb.nothing') };
      const device = (await sync.enrolment()).deviceId ?? 'device';
      const paths: string[] = [];
      for (const p of packages) {
        const saved = await getBridge().saveFile({
          suggestedName: `linkdesk-${device}-${String(p.seq).padStart(6, '0')}.ldpkg`,
          mime: 'application/octet-stream',
          dataBase64: bytesToBase64(p.bytes),
        });
        if (!saved) return { ok: true, text: t('sync.usb.cancelled') };
        paths.push(saved.path);
      }
      return {
        ok: true,
        text: t('sync.usb.exported', { count: paths.length, paths: paths.join(t('format.listSeparator')) }),
      };
    });

  const importReturn = () =>
    act(setUsb, async () => {
      const file = await getBridge().openFile({ accept: ['.ldret', '.ldrcpt', '.json', '.ldpkg'] });
      if (!file) return { ok: true, text: t('sync.usb.cancelled') };
      const report = await deviceSync().importReturn(base64ToBytes(file.dataBase64));
      return { ok: true, text: t('sync.usb.imported', { ops: report.ops, changed: report.changedRecords }) };
    });

  const rebuild = () =>
    act(setRepair, async () => {
      const count = await deviceSync().rebuildFromOplog();
      return { ok: true, text: t('sync.repair.done', { count }) };
    });

  const enrolled = enrolment?.enrolled === true;
  // counted in records, as a clerk counts them (the ops per entity when a store cannot tell)
  const pendingByRecord = status?.pendingRecordsByEntity ?? status?.pendingByEntity;
  const pendingEntities = pendingByRecord ? (Object.entries(pendingByRecord) as [EntityName, number][]) : [];
  const pendingRecords = pendingEntities.reduce((sum, [, n]) => sum + n, 0);

  return (
    <PageFrame section="sync" title={t('sync.title')}>
      {/* A plain column: antd Space re-keys its children when one appears, which would reset the cards' state. */}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
        {enrolment?.keystore === 'file-dev-only' && (
          <Alert data-testid="sync-keystore-warning" type="warning" showIcon title={t('sync.keystore.devOnly')} />
        )}
        {status?.warnings.map((w) => (
          <Alert
            key={w.code}
            data-testid="sync-warning"
            data-code={w.code}
            type="warning"
            showIcon
            title={pick(w.text, lang)}
          />
        ))}
        {enrolment && !enrolled && <EnrolCard state={enrolment} onEnrolled={() => void reload()} />}

        <Card>
          {enrolled && (
            <Typography.Paragraph data-testid="sync-device" type="secondary">
              {t('sync.device', { device: enrolment.deviceId ?? '', county: enrolment.county ?? '' })}
            </Typography.Paragraph>
          )}
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('sync.pendingByType')}>
              <span data-testid="sync-pending">{t('sync.pending', { count: pendingRecords })}</span>
            </Descriptions.Item>
          </Descriptions>
          <div data-testid="sync-pending-by-type">
            {pendingEntities.length === 0 ? (
              <Typography.Text type="secondary">{t('sync.pendingNone')}</Typography.Text>
            ) : (
              pendingEntities.map(([entity, count]) => (
                <Typography.Paragraph key={entity} data-testid={`sync-pending-${entity}`} style={{ marginBottom: 4 }}>
                  {pick(getSchema(entity).labels, lang)}：{count}
                </Typography.Paragraph>
              ))
            )}
          </div>
          <Typography.Paragraph data-testid="sync-last" style={{ marginTop: 12 }}>
            {status?.lastSyncAt ? t('sync.lastSync', { time: formatDateTime(status.lastSyncAt) }) : t('sync.never')}
          </Typography.Paragraph>
          <Typography.Paragraph data-testid="sync-acked">
            {status && status.acknowledgedSeq > 0
              ? t('sync.acked', { seq: status.acknowledgedSeq, sealed: status.sealedSeq })
              : t('sync.ackedNone')}
          </Typography.Paragraph>
          <Button
            type="primary"
            data-testid="sync-now"
            disabled={!enrolled}
            loading={busy && progress !== null}
            onClick={() => void syncNow()}
          >
            {t('sync.now')}
          </Button>
          {progress && (
            <div data-testid="sync-progress" style={{ marginTop: 12 }}>
              <Progress percent={percentOf(progress)} status="active" />
              <Typography.Text type="secondary">{syncProgressText(progress, lang)}</Typography.Text>
            </div>
          )}
          {result && (
            <Alert
              data-testid={result.ok ? 'sync-result' : 'sync-error'}
              style={{ marginTop: 12 }}
              type={result.ok ? 'success' : 'error'}
              showIcon
              title={result.text}
            />
          )}
        </Card>

        <Card title={t('sync.usb.title')}>
          <Typography.Paragraph type="secondary">{t('sync.usb.help')}</Typography.Paragraph>
          <Space wrap>
            <Button data-testid="sync-export" disabled={!enrolled} loading={busy} onClick={() => void exportPending()}>
              {t('sync.usb.export')}
            </Button>
            <Button
              data-testid="sync-import-return"
              disabled={!enrolled}
              loading={busy}
              onClick={() => void importReturn()}
            >
              {t('sync.usb.import')}
            </Button>
          </Space>
          {usb && (
            <Alert
              data-testid="sync-usb-result"
              data-ok={usb.ok}
              style={{ marginTop: 12 }}
              type={usb.ok ? 'success' : 'error'}
              showIcon
              title={usb.text}
            />
          )}
        </Card>

        <HeldCard version={version} onChanged={() => void reload()} />

        <ConflictsCard version={version} onChanged={() => void reload()} />

        <Card title={t('sync.repair.title')}>
          <Typography.Paragraph type="secondary">{t('sync.repair.help')}</Typography.Paragraph>
          <Popconfirm
            title={t('sync.repair.confirm')}
            onConfirm={() => void rebuild()}
            okButtonProps={{ 'data-testid': 'sync-rebuild-confirm' }}
          >
            <Button data-testid="sync-rebuild" loading={busy}>
              {t('sync.repair.run')}
            </Button>
          </Popconfirm>
          {repair && (
            <Alert
              data-testid="sync-rebuild-result"
              data-ok={repair.ok}
              style={{ marginTop: 12 }}
              type={repair.ok ? 'success' : 'error'}
              showIcon
              title={repair.text}
            />
          )}
        </Card>
      </div>
    </PageFrame>
  );
}

function percentOf(p: SyncProgress): number {
  if (p.phase === 'seal') return 5;
  if (p.phase === 'push') return p.total > 0 ? 10 + Math.round((60 * p.done) / p.total) : 10;
  if (p.phase === 'pull') return Math.min(95, 75 + p.done * 5);
  return 100;
}
