/** Enrolment: a code online, or a request file out and a certificate file in (USB). */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { isCountyLevel } from '@shared/domain/divisions';
import { useSession } from '../../app/session';
import { useLang, useT } from '../../i18n';
import { getBridge } from '../../platform';
import { base64ToText } from '../../storage/backup';
import { deviceSync, type EnrolmentState } from '../../sync';
import { describeSyncError } from './describe-error';

export function EnrolCard({ state, onEnrolled }: { state: EnrolmentState; onEnrolled: () => void }) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const [serverUrl, setServerUrl] = useState(state.serverUrl ?? '');
  const [code, setCode] = useState('');
  const [county, setCounty] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (action: () => Promise<{ ok: boolean; text: string } | null>): Promise<void> => {
    if (!operator) {
      setResult({ ok: false, text: t('sync.enrol.needOperator') });
      return;
    }
    setBusy(true);
    try {
      const outcome = await action();
      if (outcome) setResult(outcome);
    } catch (error) {
      setResult({ ok: false, text: describeSyncError(error, t, lang) });
    } finally {
      setBusy(false);
    }
  };

  const enrolled = (cert: { device: string; county: string }): { ok: boolean; text: string } => {
    onEnrolled();
    return { ok: true, text: t('sync.enrol.done', { device: cert.device, county: cert.county }) };
  };

  const byCode = () =>
    run(async () => {
      if (!/^https?:\/\/\S+$/.test(serverUrl.trim()) || code.trim() === '')
        return { ok: false, text: t('sync.enrol.needFields') };
      return enrolled(await deviceSync().enrolWithCode({ serverUrl: serverUrl.trim(), code, operator: operator! }));
    });

  const writeRequest = () =>
    run(async () => {
      if (!isCountyLevel(county.trim()))
        return { ok: false, text: t('sync.enrol.badCounty', { county: county.trim() }) };
      const path = await deviceSync().writeEnrolmentRequest({ county: county.trim(), operator: operator! });
      return { ok: true, text: path ? t('sync.enrol.requestSaved', { path }) : t('sync.usb.cancelled') };
    });

  const importCert = () =>
    run(async () => {
      const file = await getBridge().openFile({ accept: ['.json', '.cert', 'application/json'] });
      if (!file) return { ok: true, text: t('sync.usb.cancelled') };
      return enrolled(await deviceSync().importCertificate(base64ToText(file.dataBase64)));
    });

  return (
    <Card title={t('sync.enrol.title')} data-testid="sync-enrol">
      <Typography.Paragraph type="secondary">{t('sync.enrol.help')}</Typography.Paragraph>
      <Typography.Title level={5}>{t('sync.enrol.byCode')}</Typography.Title>
      <Form layout="vertical" onFinish={() => void byCode()}>
        <Form.Item label={t('sync.enrol.serverUrl')}>
          <Input
            data-testid="sync-enrol-url"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            placeholder="https://"
          />
        </Form.Item>
        <Form.Item label={t('sync.enrol.code')}>
          <Input
            data-testid="sync-enrol-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="sync-enrol-submit" loading={busy}>
          {t('sync.enrol.submit')}
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('sync.enrol.byFile')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('sync.enrol.byFileHelp')}</Typography.Paragraph>
      <Space wrap>
        <Input
          data-testid="sync-enrol-county"
          style={{ width: 200 }}
          value={county}
          onChange={(e) => setCounty(e.target.value)}
          placeholder={t('sync.enrol.county')}
        />
        <Button data-testid="sync-enrol-request" loading={busy} onClick={() => void writeRequest()}>
          {t('sync.enrol.request')}
        </Button>
        <Button data-testid="sync-enrol-import-cert" loading={busy} onClick={() => void importCert()}>
          {t('sync.enrol.importCert')}
        </Button>
      </Space>
      {result && (
        <Alert
          data-testid="sync-enrol-result"
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
