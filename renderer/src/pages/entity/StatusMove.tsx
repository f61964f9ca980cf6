/**
 * Moves a demand to another status. Only the moves the state machine allows from this status for this office's
 * level are offered (改为 lists them, and each has a quick button); every move asks for a confirmation, and
 * 退回 / 关闭 also for the reason, which must be written before the move can be confirmed. The repository still
 * checks the move (a record changed meanwhile is refused with the machine's plain-words reason).
 */
import type { JsonValue } from '@shared/change/op';
import {
  allowedTransitions,
  DEMAND_STATUS_OPTIONS,
  isDemandStatus,
  STATUS_REASON_FIELD,
  STATUSES_NEEDING_REASON,
} from '@shared/domain/status';
import { Alert, Button, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { useOfficeSettings } from '../../data/useOfficeSettings';
import { pick, useLang, useT } from '../../i18n';
import { repos, TransitionRefused } from '../../storage/repositories';

/** Moves that send a demand back or end it: the clerk says why (审核意见, the shared status rule). */
const REASON_REQUIRED: readonly string[] = STATUSES_NEEDING_REASON;

export function StatusMove({ recordId, status }: { recordId: string; status: string }) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const [target, setTarget] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the office level chosen in Settings decides which moves are allowed
  const { role } = useOfficeSettings();
  const allowed: string[] = isDemandStatus(status) ? allowedTransitions(status, role) : [];
  const label = (code: string): string =>
    pick(DEMAND_STATUS_OPTIONS.find((o) => o.code === code)?.labels ?? { zh: code, en: code }, lang);
  const needsReason = confirming !== null && REASON_REQUIRED.includes(confirming);
  const reasonMissing = needsReason && reason.trim() === '';

  const ask = (to: string): void => {
    setReason('');
    setConfirming(to);
  };

  const move = async (to: string): Promise<void> => {
    if (!operator) {
      setMessage({ ok: false, text: t('error.noOperator') });
      return;
    }
    const changes: Record<string, JsonValue> = { status: to };
    if (REASON_REQUIRED.includes(to)) changes[STATUS_REASON_FIELD] = reason.trim();
    try {
      await repos().records.save('demand', recordId, changes, { operator, role });
      setMessage({ ok: true, text: t('demand.moved', { status: label(to) }) });
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
        {allowed.length === 0 ? (
          <Typography.Text type="secondary">{t('demand.moveNone')}</Typography.Text>
        ) : (
          <>
            <Typography.Text>{t('status.quick')}</Typography.Text>
            {allowed.map((to) => (
              <Button
                key={to}
                size="small"
                danger={REASON_REQUIRED.includes(to)}
                data-testid={`status-to-${to}`}
                onClick={() => ask(to)}
              >
                {label(to)}
              </Button>
            ))}
            <Typography.Text>{t('demand.moveTo')}</Typography.Text>
            <Select
              data-testid="status-select"
              aria-label={t('demand.moveTo')}
              style={{ minWidth: 160 }}
              value={target}
              onChange={setTarget}
              options={allowed.map((to) => ({ value: to, label: label(to) }))}
              placeholder={t('common.selectPlaceholder')}
            />
            <Button data-testid="status-move" disabled={!target} onClick={() => target && ask(target)}>
              {t('demand.moveTo')}
            </Button>
          </>
        )}
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
      <Modal
        open={confirming !== null}
        title={confirming ? t('status.moveTitle', { status: label(confirming) }) : ''}
        okText={t('status.moveConfirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'status-confirm', disabled: reasonMissing }}
        onOk={() => {
          const to = confirming;
          setConfirming(null);
          if (to) void move(to);
        }}
        onCancel={() => setConfirming(null)}
        destroyOnHidden
      >
        <div data-testid="status-confirm-dialog">
          {needsReason && (
            <>
              <Typography.Text>{t('status.reasonLabel')}</Typography.Text>
              <Input.TextArea
                data-testid="status-reason"
                autoFocus
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={200}
                autoSize={{ minRows: 2, maxRows: 5 }}
                placeholder={t('status.reasonPlaceholder', { status: label(confirming!) })}
              />
              {reasonMissing && (
                <Typography.Text type="danger" data-testid="status-reason-missing">
                  {t('status.reasonRequired', { status: label(confirming!) })}
                </Typography.Text>
              )}
            </>
          )}
        </div>
      </Modal>
    </Space>
  );
}
