/**
 * 待处理的修改: changes held back (outside this office's scope, or refused by the server), grouped by record, each
 * with its reason and what to do. Fixing the record sends them by itself; discarding asks first and says exactly
 * what is lost (the fields and values, and whether the record leaves this computer).
 *
 * Test ids: sync-held, sync-held-<i>, sync-held-<i>-reason, sync-held-<i>-discard, sync-held-<i>-discard-confirm,
 * sync-held-retry, sync-held-result.
 */
import { Alert, Button, Card, List, Popconfirm, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { EntityName } from '@shared/change/op';
import { getField, getSchema } from '@shared/domain/registry';
import { holdReasonText, type HeldOp } from '@shared/sync/held';
import { displayValue } from '../../components/schema/display';
import { pick, useLang, useT, type Lang } from '../../i18n';
import { repos, titleOf, valuesOf } from '../../storage/repositories';
import { deviceSync } from '../../sync';
import { describeSyncError } from './describe-error';

interface Group {
  entity: EntityName;
  recordId: string;
  title: string;
  held: HeldOp[];
  /** Every value of the record comes from these held changes: discarding them removes the record. */
  recordGone: boolean;
}

export function HeldCard({ version, onChanged }: { version: number; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const [groups, setGroups] = useState<Group[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const held = await deviceSync().heldOps();
      const byRecord = new Map<string, HeldOp[]>();
      for (const h of held) {
        const key = `${h.op.entity}\u0000${h.op.recordId}`;
        byRecord.set(key, [...(byRecord.get(key) ?? []), h]);
      }
      const out: Group[] = [];
      for (const ops of byRecord.values()) {
        const { entity, recordId } = ops[0]!.op;
        const record = await repos().records.get(entity, recordId);
        const ids = new Set(ops.map((h) => h.op.opId));
        out.push({
          entity,
          recordId,
          title: (record ? titleOf(entity, valuesOf(record)) : '') || pick(getSchema(entity).labels, lang),
          held: ops,
          recordGone: !record || Object.values(record.fields).every((f) => ids.has(f.opId)),
        });
      }
      if (live) setGroups(out);
    })();
    return () => {
      live = false;
    };
  }, [version, lang]);

  const run = async (action: () => Promise<string>): Promise<void> => {
    try {
      setMessage({ ok: true, text: await action() });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: describeSyncError(error, t, lang) });
    }
  };

  if (groups.length === 0 && !message) return null;
  return (
    <Card title={t('sync.held.title')} data-testid="sync-held">
      <Typography.Paragraph type="secondary">{t('sync.held.help')}</Typography.Paragraph>
      <List
        dataSource={groups}
        renderItem={(g, i) => (
          <List.Item data-testid={`sync-held-${i}`} key={`${g.entity}-${g.recordId}`}>
            <div style={{ width: '100%' }}>
              <Typography.Text strong>
                {pick(getSchema(g.entity).labels, lang)}：{g.title}
              </Typography.Text>
              {g.held.map((h) => (
                <Typography.Paragraph key={h.op.opId} style={{ marginBottom: 4 }}>
                  {t('sync.held.field', { field: fieldLabel(h, lang) })} → {valueText(h, lang)}
                </Typography.Paragraph>
              ))}
              <Alert
                data-testid={`sync-held-${i}-reason`}
                data-code={g.held[0]!.reason.code}
                type="warning"
                showIcon
                title={pick(holdReasonText(g.held[0]!.reason), lang)}
              />
              <Popconfirm
                title={t('sync.held.confirm', {
                  record: g.title,
                  field: g.held.map((h) => fieldLabel(h, lang)).join(t('format.listSeparator')),
                  value: g.held.map((h) => valueText(h, lang)).join(t('format.listSeparator')),
                  recordGone: g.recordGone ? t('sync.held.confirmRecordGone') : '',
                })}
                onConfirm={() =>
                  void run(async () => {
                    const count = await deviceSync().discardHeld(g.held.map((h) => h.op.opId));
                    return t('sync.held.discarded', { count });
                  })
                }
                okButtonProps={{ 'data-testid': `sync-held-${i}-discard-confirm` }}
              >
                <Button size="small" danger data-testid={`sync-held-${i}-discard`} style={{ marginTop: 8 }}>
                  {t('sync.held.discard')}
                </Button>
              </Popconfirm>
            </div>
          </List.Item>
        )}
      />
      {groups.length > 0 && (
        <Button
          data-testid="sync-held-retry"
          onClick={() => void run(async () => t('sync.held.retried', { count: await deviceSync().retryHeld() }))}
        >
          {t('sync.held.retry')}
        </Button>
      )}
      {message && (
        <Alert
          data-testid="sync-held-result"
          style={{ marginTop: 12 }}
          type={message.ok ? 'success' : 'error'}
          showIcon
          title={message.text}
        />
      )}
    </Card>
  );
}

function fieldLabel(h: HeldOp, lang: Lang): string {
  const field = getField(h.op.entity, h.op.field);
  return field ? pick(field.labels, lang) : h.op.field;
}

function valueText(h: HeldOp, lang: Lang): string {
  return displayValue(getField(h.op.entity, h.op.field), h.op.value, lang);
}
