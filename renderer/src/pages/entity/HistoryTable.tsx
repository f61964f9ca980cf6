/** A record's history from its ops: when, who, which field, from what, to what. */
import type { EntityName } from '@shared/change/op';
import { getField, getSchema } from '@shared/domain/registry';
import { Table } from 'antd';
import { displayValue, titleEntity } from '../../components/schema/display';
import { useHistory, useRefTitles } from '../../data/useRecords';
import { formatDateTimeLong } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import type { HistoryEntry } from '../../storage/repositories';

export function HistoryTable({ entity, recordId }: { entity: EntityName; recordId: string }) {
  const t = useT();
  const lang = useLang();
  const history = useHistory(entity, recordId);
  const titles = useRefTitles(refTargets(entity));
  const rows = [...(history ?? [])].reverse();
  const show = (e: HistoryEntry, v: HistoryEntry['to']): string => {
    const f = getField(entity, e.field);
    const named = titleEntity(f);
    return displayValue(f, v, lang, named ? titles.get(named) : undefined);
  };
  return (
    <Table<HistoryEntry>
      data-testid="history-table"
      size="small"
      rowKey="opId"
      loading={history === undefined}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      locale={{ emptyText: t('empty.history') }}
      onRow={() => ({ 'data-testid': 'history-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('detail.historyWhen'),
          dataIndex: 'at',
          width: 170,
          render: (at: string) => formatDateTimeLong(at, lang),
        },
        {
          title: t('detail.historyWho'),
          dataIndex: 'operator',
          width: 140,
          render: (operator: string, e) =>
            e.source?.kind === 'import' && e.source.file
              ? operator + t('detail.historyImported', { file: e.source.file })
              : operator,
        },
        {
          title: t('detail.historyField'),
          dataIndex: 'field',
          width: 160,
          render: (field: string, e) =>
            e.kind === 'set'
              ? pick(getField(entity, field)?.labels ?? { zh: field, en: field }, lang)
              : t(e.kind === 'delete' ? 'detail.historyDeleted' : 'detail.historyRestored'),
        },
        {
          title: t('detail.historyFrom'),
          dataIndex: 'from',
          render: (_: unknown, e) => (e.kind === 'set' ? show(e, e.from) : ''),
        },
        {
          title: t('detail.historyTo'),
          dataIndex: 'to',
          render: (_: unknown, e) => (e.kind === 'set' ? show(e, e.to) : ''),
        },
      ]}
    />
  );
}

/** Entities whose titles name the record's values in the history (ref targets, attachments' file names). */
function refTargets(entity: EntityName): EntityName[] {
  return [...new Set(getSchema(entity).fields.flatMap((f) => titleEntity(f) ?? []))];
}
