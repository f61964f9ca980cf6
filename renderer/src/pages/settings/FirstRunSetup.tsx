/**
 * First-run set-up, before enrolment: the office's county, its name and the operator, set once. Until then every
 * page shows a banner with the way to do it. After enrolment the certificate decides the county (the banner goes).
 * Test ids: first-run-banner, first-run-open, first-run-modal, first-run-county, first-run-name, first-run-operator,
 * first-run-save.
 */
import { cityOf, countyLevelUnits, getDivision } from '@shared/domain/divisions';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useSession } from '../../app/session';
import { useOffice } from '../../data/useOffice';
import { useT } from '../../i18n';
import { repos } from '../../storage/repositories';

interface SetupValues {
  county?: string;
  name?: string;
  operator?: string;
}

const countyLabel = (code: string): string => {
  const city = getDivision(cityOf(code) ?? '')?.name;
  const name = getDivision(code)?.name ?? code;
  return city ? `${city} ${name}` : name;
};

/** The banner shown on a device not yet set up (nor enrolled), with the set-up dialog behind its button. */
export function FirstRunBanner() {
  const t = useT();
  const office = useOffice();
  const [open, setOpen] = useState(false);
  if (!office.loaded || office.scope) return null;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="first-run-banner"
        style={{ marginBottom: 16 }}
        title={t('office.firstRun.banner')}
        action={
          <Button type="primary" size="small" data-testid="first-run-open" onClick={() => setOpen(true)}>
            {t('office.firstRun.open')}
          </Button>
        }
      />
      <FirstRunModal open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function FirstRunModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<SetupValues>();
  const [saving, setSaving] = useState(false);
  const autoName = useRef('');
  const current = useSession((s) => s.currentOperator);
  const options = useMemo(
    () => countyLevelUnits({ zones: false }).map((d) => ({ value: d.code, label: countyLabel(d.code) })),
    [],
  );

  const save = async (values: SetupValues): Promise<void> => {
    setSaving(true);
    try {
      const county = values.county ?? '';
      const name = (values.name ?? '').trim();
      const problem = await repos().office.save({ county, name });
      if (problem) {
        form.setFields([
          problem === 'COUNTY'
            ? { name: 'county', errors: [t('office.firstRun.needCounty')] }
            : { name: 'name', errors: [t('office.firstRun.needName')] },
        ]);
        return;
      }
      const operator = (values.operator ?? '').trim();
      await repos().operators.add(operator);
      // Stored before the session re-reads it, so no refresh woken by the add can read the old operator back.
      await repos().settings.set('operator', operator.replace(/\s+/g, ' '));
      await useSession.getState().refresh();
      void message.success(t('office.firstRun.saved', { name, county: countyLabel(county) }));
      onClose();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('office.firstRun.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('office.firstRun.save')}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'first-run-save' } as Record<string, string>) }}
      destroyOnHidden
      data-testid="first-run-modal"
    >
      <Typography.Paragraph type="secondary">{t('office.firstRun.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ operator: current ?? '' }}
        onFinish={(v) => void save(v)}
        onValuesChange={(changed: SetupValues, all: SetupValues) => {
          // The office name follows the county until the clerk types one of their own.
          if (!changed.county || (all.name && all.name !== autoName.current)) return;
          autoName.current = t('office.firstRun.defaultName', { county: getDivision(changed.county)?.name ?? '' });
          form.setFieldValue('name', autoName.current);
        }}
      >
        <Form.Item
          name="county"
          label={t('office.firstRun.county')}
          rules={[{ required: true, message: t('office.firstRun.needCounty') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={options}
            placeholder={t('office.firstRun.countyPlaceholder')}
            data-testid="first-run-county"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('office.firstRun.name')}
          rules={[{ required: true, whitespace: true, message: t('office.firstRun.needName') }]}
        >
          <Input placeholder={t('office.firstRun.namePlaceholder')} data-testid="first-run-name" />
        </Form.Item>
        <Form.Item
          name="operator"
          label={t('office.firstRun.operator')}
          rules={[{ required: true, whitespace: true, message: t('office.firstRun.needOperator') }]}
        >
          <Input placeholder={t('office.firstRun.operatorPlaceholder')} data-testid="first-run-operator" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
