/** 冲突 review: each open conflict side by side (value, who, when); choosing one writes a new op. */
import { Alert, Button, Card, Col, List, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Conflict, FieldVersion } from '@shared/change/merge-state';
import { getField, getSchema } from '@shared/domain/registry';
import { useSession } from '../../app/session';
import { displayValue } from '../../components/schema/display';
import { formatDateTime, hlcTime } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import { repos, titleOf, valuesOf } from '../../storage/repositories';
import { deviceSync, resolveConflict } from '../../sync';
import { describeSyncError } from './describe-error';

interface Row {
  conflict: Conflict;
  title: string;
}

export function ConflictsCard({ version, onChanged }: { version: number; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const [rows, setRows] = useState<Row[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const conflicts = await deviceSync().conflicts();
      const out: Row[] = [];
      for (const conflict of conflicts) {
        const record = await repos().records.get(conflict.entity, conflict.recordId);
        out.push({ conflict, title: record ? titleOf(conflict.entity, valuesOf(record)) : conflict.recordId });
      }
      if (live) setRows(out);
    })();
    return () => {
      live = false;
    };
  }, [version]);

  const choose = async (conflict: Conflict, side: FieldVersion): Promise<void> => {
    if (!operator) {
      setMessage({ ok: false, text: t('sync.enrol.needOperator') });
      return;
    }
    try {
      await resolveConflict(repos().records, conflict, side.value, operator);
      setMessage({ ok: true, text: t('sync.conflicts.chosen') });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: describeSyncError(error, t, lang) });
    }
  };

  const side = (conflict: Conflict, v: FieldVersion, label: string, testId: string) => (
    <Col span={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Paragraph strong data-testid={`${testId}-value`}>
        {v.value === null || v.value === ''
          ? t('sync.conflicts.empty')
          : displayValue(getField(conflict.entity, conflict.field), v.value, lang)}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('sync.conflicts.by', { operator: v.operator, time: formatDateTime(hlcTime(v.hlc)) })}
      </Typography.Paragraph>
      <Button size="small" data-testid={`${testId}-choose`} onClick={() => void choose(conflict, v)}>
        {t('sync.conflicts.choose')}
      </Button>
    </Col>
  );

  return (
    <Card title={t('sync.conflicts.title')} data-testid="sync-conflicts">
      {rows.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('sync.conflicts.none')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('sync.conflicts.help')}</Typography.Paragraph>
          <List
            dataSource={rows}
            renderItem={({ conflict, title }, i) => (
              <List.Item data-testid={`sync-conflict-${i}`}>
                <div style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {pick(getSchema(conflict.entity).labels, lang)} · {title} ·{' '}
                    {pick(
                      getField(conflict.entity, conflict.field)?.labels ?? { zh: conflict.field, en: conflict.field },
                      lang,
                    )}
                  </Typography.Text>
                  <Row gutter={24} style={{ marginTop: 8 }}>
                    {side(conflict, conflict.winner, t('sync.conflicts.current'), `sync-conflict-${i}-winner`)}
                    {side(conflict, conflict.loser, t('sync.conflicts.other'), `sync-conflict-${i}-loser`)}
                  </Row>
                </div>
              </List.Item>
            )}
          />
        </>
      )}
      {message && (
        <Alert
          data-testid="sync-conflicts-result"
          data-ok={message.ok}
          type={message.ok ? 'success' : 'error'}
          showIcon
          title={message.text}
        />
      )}
    </Card>
  );
}
