/** On a commissioner's record: visits this term against the office's target (Settings), and the enterprises served. */
import { Progress, Space, Typography } from 'antd';
import { useRecords, useRefTitles } from '../../data/useRecords';
import { useT } from '../../i18n';
import type { Values } from '../../storage/repositories';
import { useOfficeSettings } from '../../data/useOfficeSettings';
import { termSummary } from './termSummary';

export function CommissionerTerm({ recordId, values }: { recordId: string; values: Values }) {
  const t = useT();
  const visits = useRecords('visit');
  const names = useRefTitles(['enterprise']).get('enterprise');
  const office = useOfficeSettings();
  if (!visits || !office.loaded) return null;
  const s = termSummary(recordId, values, visits);
  const target = office.visitTarget;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text data-testid="term-visits">
        {t(s.bounded ? 'commissioner.termVisits' : 'commissioner.termUnknown', { count: s.visits, target })}
      </Typography.Text>
      <Progress percent={Math.min(100, Math.round((s.visits / target) * 100))} size="small" />
      <Typography.Text strong>{t('commissioner.enterprises')}</Typography.Text>
      <Typography.Text data-testid="served-enterprises">
        {s.enterpriseIds.map((id) => names?.get(id) ?? id).join(t('format.listSeparator')) || t('common.none')}
      </Typography.Text>
    </Space>
  );
}
