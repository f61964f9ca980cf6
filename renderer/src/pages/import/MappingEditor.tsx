/** Detected column → field, one Select per column; changing one re-plans the dry run. */
import type { EntityName } from '@shared/change/op';
import { mappableTargets, type ColumnMapping, type ColumnTarget } from '@shared/spreadsheet';
import { Select, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { pick, useLang, useT } from '../../i18n';

const SKIP = '';
const keyOf = (t: ColumnTarget | null): string => (t ? `${t.entity}.${t.field}` : SKIP);

export function MappingEditor({
  entity,
  mapping,
  disabled,
  onChange,
}: {
  entity: EntityName;
  mapping: ColumnMapping;
  disabled: boolean;
  onChange: (column: number, target: ColumnTarget | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  const choices = useMemo(() => mappableTargets(entity), [entity]);
  const options = useMemo(
    () => [
      { value: SKIP, label: t('import.mapping.skip') },
      ...choices.map((c) => ({
        value: keyOf(c.target),
        label: c.required ? `${pick(c.labels, lang)} *` : pick(c.labels, lang),
      })),
    ],
    [choices, lang, t],
  );
  const byKey = useMemo(() => new Map(choices.map((c) => [keyOf(c.target), c.target])), [choices]);
  const columns = mapping.columns.filter((c) => c.header !== '');
  return (
    <div data-testid="mapping-editor">
      <Typography.Text strong>{t('import.mapping.title')}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {t('import.mapping.sheet', { sheet: mapping.sheet, row: mapping.firstDataRow + 1 })}
      </Typography.Text>
      <Table
        size="small"
        rowKey="column"
        pagination={false}
        scroll={{ y: 220 }}
        dataSource={columns}
        columns={[
          { title: t('import.mapping.column'), dataIndex: 'letter', width: 60 },
          {
            title: t('import.mapping.header'),
            dataIndex: 'header',
            render: (h: string, c) => (c.target ? h : <Typography.Text type="secondary">{h}</Typography.Text>),
          },
          {
            title: t('import.mapping.target'),
            width: 320,
            render: (_: unknown, c) => (
              <Select
                data-testid={`mapping-${c.letter}`}
                style={{ width: '100%' }}
                size="small"
                showSearch={{ optionFilterProp: 'label' }}
                disabled={disabled}
                value={keyOf(c.target)}
                options={options}
                onChange={(v: string) => onChange(c.column, byKey.get(v) ?? null)}
              />
            ),
          },
          {
            title: '',
            width: 60,
            render: (_: unknown, c) => (c.matchedBy === 'user' ? <Tag color="blue">✎</Tag> : null),
          },
        ]}
      />
    </div>
  );
}
