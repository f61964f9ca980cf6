/**
 * An enterprise's page shows what the county did with it: its technology demands and its visits, newest first,
 * each opening on a click. Test ids: related-<section>, related-row (data-record-id).
 */
import type { EntityName } from '@shared/change/op';
import { getField } from '@shared/domain/registry';
import { Card, List, Typography } from 'antd';
import { useMemo } from 'react';
import { useRouter } from '../../app/router';
import type { Section } from '../../app/sections';
import { displayValue } from '../../components/schema/display';
import { useRecordIndex } from '../../data/list-index';
import { useLang, useT, type MessageKey } from '../../i18n';

interface Related {
  section: Section;
  entity: EntityName;
  /** The field of the related record that points at this one. */
  via: string;
  title: MessageKey;
  /** The field naming it in the list. */
  label: string;
  /** Shown after the name: its status, or its date. */
  detail: string;
}

/** What relates to a record of each entity. */
const RELATED: Partial<Record<EntityName, readonly Related[]>> = {
  enterprise: [
    {
      section: 'demands',
      entity: 'demand',
      via: 'enterprise',
      title: 'list.related.demands',
      label: 'name',
      detail: 'status',
    },
    {
      section: 'visits',
      entity: 'visit',
      via: 'enterprise',
      title: 'list.related.visits',
      label: 'content',
      detail: 'date',
    },
  ],
};

export function RelatedRecords({ entity, recordId }: { entity: EntityName; recordId: string }) {
  return (
    <>
      {RELATED[entity]?.map((r) => (
        <RelatedList key={r.section} related={r} recordId={recordId} />
      ))}
    </>
  );
}

function RelatedList({ related, recordId }: { related: Related; recordId: string }) {
  const t = useT();
  const lang = useLang();
  const navigate = useRouter((s) => s.navigate);
  const { index, version } = useRecordIndex(related.entity);
  const rows = useMemo(() => index?.query('', { [related.via]: recordId }), [index, version, related.via, recordId]);
  const detailField = getField(related.entity, related.detail);
  return (
    <Card
      size="small"
      title={t(related.title, { count: rows?.length ?? 0 })}
      data-testid={`related-${related.section}`}
    >
      {rows && rows.length === 0 ? (
        <Typography.Text type="secondary">{t('list.related.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={rows ?? []}
          renderItem={(row) => (
            <List.Item
              data-testid="related-row"
              data-record-id={row.id}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(related.section, row.id)}
            >
              <Typography.Link ellipsis style={{ maxWidth: '70%' }}>
                {String(row.values[related.label] ?? row.id)}
              </Typography.Link>
              <Typography.Text type="secondary">
                {displayValue(detailField, row.values[related.detail], lang)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
