/**
 * The office's level (which status moves it may make) and the commissioner visit target per term.
 * Once the device is enrolled, the level and scope are the certificate's: shown, not editable.
 */
import { getDivision } from '@shared/domain/divisions';
import { ROLE_LABELS } from '@shared/domain/status';
import { Alert, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useOfficeSettings } from '../../data/useOfficeSettings';
import { pick, useLang, useT } from '../../i18n';
import {
  isVisitTarget,
  MAX_VISIT_TARGET,
  OFFICE_ROLES,
  repos,
  setOfficeRole,
  setVisitTarget,
  type OfficeRole,
} from '../../storage/repositories';

export function OfficeCard() {
  const t = useT();
  const lang = useLang();
  const office = useOfficeSettings();
  const [target, setTarget] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (office.loaded) setTarget(office.visitTarget);
  }, [office.loaded, office.visitTarget]);

  const saveRole = async (role: OfficeRole): Promise<void> => {
    await setOfficeRole(repos().settings, role);
    setMessage({ ok: true, text: t('settings.officeRoleSaved', { role: pick(ROLE_LABELS[role], lang) }) });
  };
  const saveTarget = async (): Promise<void> => {
    if (!isVisitTarget(target)) {
      setMessage({ ok: false, text: t('settings.visitTargetInvalid', { max: MAX_VISIT_TARGET }) });
      return;
    }
    await setVisitTarget(repos().settings, target);
    setMessage({ ok: true, text: t('settings.visitTargetSaved', { target }) });
  };

  return (
    <Card title={t('settings.office')} data-testid="office-card">
      <Form layout="vertical" style={{ maxWidth: 420 }}>
        <Form.Item
          label={t('settings.officeRole')}
          extra={`${office.certified ? `${t('settings.officeFromCertificate')} ` : ''}${t('settings.officeRoleHelp')}`}
        >
          {office.certified ? (
            <Space direction="vertical" size={0}>
              <Typography.Text strong data-testid="office-role-certified">
                {pick(ROLE_LABELS[office.certified.level], lang)}
              </Typography.Text>
              <Typography.Text data-testid="office-scope">
                {t('settings.officeScope', {
                  scope:
                    office.certified.level === 'province'
                      ? t('settings.officeScopeProvince')
                      : (getDivision(office.certified.code)?.name ?? office.certified.code),
                })}
              </Typography.Text>
            </Space>
          ) : (
            <Select
              data-testid="office-role"
              aria-label={t('settings.officeRole')}
              disabled={!office.loaded}
              value={office.role}
              options={OFFICE_ROLES.map((r) => ({ value: r, label: pick(ROLE_LABELS[r], lang) }))}
              onChange={(v: OfficeRole) => void saveRole(v)}
            />
          )}
        </Form.Item>
        <Form.Item label={t('settings.visitTarget')} extra={t('settings.visitTargetHelp')}>
          <Space.Compact>
            <InputNumber
              data-testid="office-visit-target"
              aria-label={t('settings.visitTarget')}
              min={1}
              max={MAX_VISIT_TARGET}
              precision={0}
              disabled={!office.loaded}
              value={target}
              onChange={(v) => setTarget(typeof v === 'number' ? v : null)}
              onPressEnter={() => void saveTarget()}
            />
            <Button data-testid="office-visit-target-save" onClick={() => void saveTarget()}>
              {t('common.save')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {message && (
        <Alert
          data-testid={message.ok ? 'office-saved' : 'office-error'}
          type={message.ok ? 'success' : 'error'}
          showIcon
          title={message.text}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('settings.officeHelp')}
      </Typography.Paragraph>
    </Card>
  );
}
