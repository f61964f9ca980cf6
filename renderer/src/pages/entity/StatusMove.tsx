/**
 * Moves a demand to another status through the state machine. Allowed next statuses are offered first;
 * any other choice is refused by the repository with the machine's plain-words reason.
 */
import { allowedTransitions, DEMAND_STATUS_OPTIONS, isDemandStatus } from '@shared/domain/status';
import { Alert, Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { useOfficeSettings } from '../../data/useOfficeSettings';
import { pick, useLang, useT } from '../../i18n';
import { repos, TransitionRefused } from '../../storage/repositories';

export function StatusMove({ recordId, status }: { recordId: string; status: string }) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const [target, setTarget] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the office level chosen in Settings decides which moves are allowed
  const { role } = useOfficeSettings();
  const allowed = isDemandStatus(status) ? allowedTransitions(status, role) : [];
  const label = (code: string): string =>
    pick(DEMAND_STATUS_OPTIONS.find((o) => o.code === code)?.labels ?? { zh: code, en: code }, lang);
  const options = [...DEMAND_STATUS_OPTIONS]
    .filter((o) => o.code !== status)
    .sort((a, b) => Number(allowed.includes(b.code as never)) - Number(allowed.includes(a.code as never)))
    .map((o) => ({ value: o.code, label: pick(o.labels, lang) }));

  const move = async (): Promise<void> => {
    if (!target) return;
    if (!operator) {
      setMessage({ ok: false, text: t('error.noOperator') });
      return;
    }
    try {
      await repos().records.save('demand', recordId, { status: target }, { operator, role });
      setMessage({ ok: true, text: t('demand.moved', { status: label(target) }) });
      setTarget(undefined);
    } catch (error) {
      setMessage({
        ok: false,
        text:
          error instanceof TransitionRefused
            ? pick(error.transition.message, lang)
            : t('common.unexpectedError', { reason: (error as Error).message }),
      });
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{t('demand.status')}</Typography.Text>
        <Tag color="blue" data-testid="status-current" data-status={status}>
          {label(status)}
        </Tag>
        {allowed.length === 0 && <Typography.Text type="secondary">{t('demand.moveNone')}</Typography.Text>}
        <Typography.Text>{t('demand.moveTo')}</Typography.Text>
        <Select
          data-testid="status-select"
          aria-label={t('demand.moveTo')}
          style={{ minWidth: 160 }}
          value={target}
          onChange={setTarget}
          options={options}
          placeholder={t('common.selectPlaceholder')}
        />
        <Button data-testid="status-move" type="primary" disabled={!target} onClick={() => void move()}>
          {t('demand.moveTo')}
        </Button>
        {allowed.map((to) => (
          <Button key={to} size="small" data-testid={`status-to-${to}`} onClick={() => setTarget(to)}>
            {label(to)}
          </Button>
        ))}
      </Space>
      {message && (
        <Alert
          data-testid="status-error"
          data-ok={message.ok}
          type={message.ok ? 'success' : 'error'}
          showIcon
          title={message.text}
        />
      )}
    </Space>
  );
}
