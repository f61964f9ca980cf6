/**
 * The dry run, row by row: valid (what it creates or updates), invalid (each field's reason) or other county (a row
 * another county's office records; not imported); paginated.
 */
import type { EntityName } from '@shared/change/op';
import { getDivision } from '@shared/domain/divisions';
import { getSchema } from '@shared/domain/registry';
import { issueText, type ImportPlan, type RowPlan } from '@shared/spreadsheet';
import { Radio, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { pick, useLang, useT, type T } from '../../i18n';

const countyName = (code: string): string => getDivision(code)?.name ?? code;

function actionText(t: T, lang: ReturnType<typeof useLang>, r: RowPlan['records'][number]): string {
  const entity = pick(getSchema(r.entity).labels, lang);
  return t(
    r.action === 'create'
      ? 'import.action.create'
      : r.action === 'update'
        ? 'import.action.update'
        : 'import.action.unchanged',
    { entity },
  );
}

export function DryRunSummary({ plan }: { plan: ImportPlan }) {
  const t = useT();
  const lang = useLang();
  const { summary } = plan;
  const changes = Object.values(summary.byEntity).reduce((n, c) => n + c.create + c.update, 0);
  return (
    <div data-testid="import-summary">
      <Space wrap>
        <Tag data-testid="summary-rows">{t('import.summary.rows', { count: summary.rows })}</Tag>
        <Tag color="green" data-testid="summary-valid">
          {t('import.summary.valid', { count: summary.valid })}
        </Tag>
        <Tag color={summary.invalid > 0 ? 'red' : 'default'} data-testid="summary-invalid">
          {t('import.summary.invalid', { count: summary.invalid })}
        </Tag>
        {summary.otherCounty > 0 && (
          <Tag color="orange" data-testid="summary-other-county">
            {t('import.summary.otherCounty', {
              count: summary.otherCounty,
              counties: Object.entries(summary.otherCounties)
                .map(([code, n]) => t('import.summary.otherCountyOne', { county: countyName(code), count: n }))
                .join(t('import.summary.otherCountySeparator')),
            })}
          </Tag>
        )}
        {summary.examples > 0 && (
          <Tag data-testid="summary-examples">{t('import.summary.examples', { count: summary.examples })}</Tag>
        )}
      </Space>
      <div>
        {(Object.entries(summary.byEntity) as [EntityName, Record<'create' | 'update' | 'unchanged', number>][]).map(
          ([entity, c]) => (
            <div key={entity} data-testid={`summary-${entity}`}>
              <Typography.Text>
                {t('import.summary.entity', {
                  entity: pick(getSchema(entity).labels, lang),
                  create: c.create,
                  update: c.update,
                  unchanged: c.unchanged,
                })}
              </Typography.Text>
            </div>
          ),
        )}
        {summary.valid > 0 && changes === 0 && (
          <Typography.Text type="success" data-testid="summary-nothing">
            {t('import.summary.nothing')}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

export function DryRunTable({ plan }: { plan: ImportPlan }) {
  const t = useT();
  const lang = useLang();
  const [only, setOnly] = useState<'all' | 'invalid'>(plan.summary.invalid > 0 ? 'invalid' : 'all');
  const rows = useMemo(
    () => (only === 'invalid' ? plan.rows.filter((r) => r.status === 'invalid') : plan.rows),
    [plan, only],
  );
  return (
    <div data-testid="dry-run">
      <Radio.Group
        size="small"
        value={only}
        onChange={(e) => setOnly(e.target.value as 'all' | 'invalid')}
        options={[
          { value: 'all', label: t('import.filter.all') },
          { value: 'invalid', label: t('import.filter.invalid') },
        ]}
      />
      <Table
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ y: 260 }}
        onRow={(r) => ({ 'data-testid': 'dry-run-row', 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('import.table.row'), dataIndex: 'row', width: 70 },
          {
            title: t('import.table.status'),
            width: 90,
            render: (_: unknown, r: RowPlan) =>
              r.status === 'valid' ? (
                <Tag color="green">{t('import.table.valid')}</Tag>
              ) : r.status === 'invalid' ? (
                <Tag color="red">{t('import.table.invalid')}</Tag>
              ) : r.status === 'other_county' ? (
                <Tag color="orange">{t('import.table.otherCounty')}</Tag>
              ) : (
                <Tag>{t('import.table.example')}</Tag>
              ),
          },
          {
            title: t('import.table.detail'),
            render: (_: unknown, r: RowPlan) =>
              r.status === 'invalid' ? (
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {r.errors.map((e, i) => (
                    <li key={i} data-testid="row-error">
                      {lang === 'zh-CN' ? issueText(e) : `${e.column ?? ''} ${e.message.en}`}
                    </li>
                  ))}
                </ul>
              ) : r.status === 'other_county' ? (
                <span data-testid="row-other-county">
                  {t('import.table.otherCountyDetail', { county: countyName(r.county ?? '') })}
                </span>
              ) : (
                <span>
                  {r.records.map((rec) => actionText(t, lang, rec)).join('，')}
                  {r.warnings.length > 0 && (
                    <Typography.Text type="warning">
                      {' '}
                      {r.warnings.map((w) => pick(w.message, lang)).join('；')}
                    </Typography.Text>
                  )}
                </span>
              ),
          },
        ]}
      />
    </div>
  );
}
