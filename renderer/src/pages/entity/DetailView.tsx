/**
 * One record: every field, who changed it last, edit / delete, history; demands also get the status move.
 */
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Typography } from 'antd';
import { DeleteDependents } from './DeleteDependents';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { AttachmentList } from '../../components/schema/Attachments';
import { displayValue } from '../../components/schema/display';
import { useRecord, useRefTitles } from '../../data/useRecords';
import { formatDateTimeLong, hlcTime } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import { repos, valuesOf } from '../../storage/repositories';
import type { Section } from '../../app/sections';
import type { EntitySection } from './config';
import { ClusterCounts } from './ClusterCounts';
import { CommissionerTerm } from './CommissionerTerm';
import { HistoryTable } from './HistoryTable';
import { RelatedRecords } from './RelatedRecords';
import { ToComplete } from './ToComplete';
import { StatusMove } from './StatusMove';

export interface DetailViewProps {
  entity: EntityName;
  recordId: string;
  readOnly?: boolean;
  derive?: EntitySection['derive'];
  onDerive?: (section: Section) => void;
  onEdit: () => void;
  onPrint?: () => void;
  onDeleted: () => void;
}

export function DetailView({
  entity,
  recordId,
  readOnly,
  derive,
  onDerive,
  onEdit,
  onPrint,
  onDeleted,
}: DetailViewProps) {
  const t = useT();
  const lang = useLang();
  const record = useRecord(entity, recordId);
  const operator = useSession((s) => s.currentOperator);
  const schema = getSchema(entity);
  const titles = useRefTitles([...new Set(schema.fields.flatMap((f) => (f.target ? [f.target] : [])))]);
  const [problem, setProblem] = useState<string | null>(null);
  if (record === undefined) return null;
  if (record === null || record.deleted)
    return <Alert type="warning" showIcon data-testid="record-missing" title={t('error.notFound')} />;
  const values = valuesOf(record);

  const remove = async (): Promise<void> => {
    if (!operator) return setProblem(t('error.noOperator'));
    try {
      await repos().records.remove(entity, recordId, { operator });
      onDeleted();
    } catch (error) {
      setProblem(t('common.unexpectedError', { reason: (error as Error).message }));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="record-detail">
      <Space>
        {!readOnly && (
          <>
            <Button type="primary" data-testid="record-edit" onClick={onEdit}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('common.delete')}
              description={<DeleteDependents entity={entity} recordId={recordId} />}
              onConfirm={() => void remove()}
              okButtonProps={{ 'data-testid': 'record-delete-confirm' }}
            >
              <Button danger data-testid="record-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </>
        )}
        {onPrint && (
          <Button data-testid="record-print" onClick={onPrint}>
            {t('print.button')}
          </Button>
        )}
        {derive?.map((d) => (
          <Button key={d.section} data-testid={`derive-${d.section}`} onClick={() => onDerive?.(d.section)}>
            {t(d.label)}
          </Button>
        ))}
        <Typography.Text type="secondary" data-testid="record-updated">
          {t('detail.updatedBy', {
            name: record.last.operator,
            time: formatDateTimeLong(hlcTime(record.last.hlc), lang),
          })}
        </Typography.Text>
      </Space>
      {problem && <Alert type="error" showIcon title={problem} />}
      <ToComplete entity={entity} values={values} />
      {entity === 'demand' && !readOnly && (
        <Card size="small">
          <StatusMove recordId={recordId} status={String(values.status ?? 'draft')} />
        </Card>
      )}
      {entity === 'commissioner' && (
        <Card size="small">
          <CommissionerTerm recordId={recordId} values={values} />
        </Card>
      )}
      {entity === 'cluster' && (
        <Card size="small">
          <ClusterCounts recordId={recordId} />
        </Card>
      )}
      <Card size="small">
        <Descriptions column={2} size="small" bordered>
          {schema.fields.map((f) => (
            <Descriptions.Item key={f.name} label={pick(f.labels, lang)} span={f.kind === 'longtext' ? 2 : 1}>
              {f.kind === 'attachments' && Array.isArray(values[f.name]) ? (
                <span data-testid={`detail-${f.name}`}>
                  <AttachmentList value={values[f.name] as string[]} />
                </span>
              ) : (
                <span data-testid={`detail-${f.name}`}>
                  {displayValue(f, values[f.name], lang, f.target ? titles.get(f.target) : undefined)}
                </span>
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <RelatedRecords entity={entity} recordId={recordId} />
      <Card size="small" title={t('detail.history')}>
        <HistoryTable entity={entity} recordId={recordId} />
      </Card>
    </Space>
  );
}
