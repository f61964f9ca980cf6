/** 工作台 Dashboard. Test ids: page-dashboard, stat-enterprises, stat-demands, stat-visits, stat-pending. */
import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { PageFrame } from '../components/PageFrame';
import { useT, type MessageKey } from '../i18n';
import { onChange, repos } from '../storage/repositories';

interface Counts {
  enterprise: number;
  demand: number;
  visit: number;
}

export function DashboardPage() {
  const t = useT();
  const pending = useSession((s) => s.pendingOps);
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const r = repos().records;
      const [enterprise, demand, visit] = await Promise.all([r.count('enterprise'), r.count('demand'), r.count('visit')]);
      if (live) setCounts({ enterprise, demand, visit });
    };
    void load();
    const off = onChange(() => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  const stats: [string, MessageKey, number][] = [
    ['enterprises', 'dashboard.enterprises', counts?.enterprise ?? 0],
    ['demands', 'dashboard.demands', counts?.demand ?? 0],
    ['visits', 'dashboard.visits', counts?.visit ?? 0],
    ['pending', 'dashboard.pending', pending],
  ];
  const empty = counts !== null && counts.enterprise + counts.demand + counts.visit === 0;
  return (
    <PageFrame section="dashboard" title={t('dashboard.title')}>
      <Row gutter={16}>
        {stats.map(([id, label, value]) => (
          <Col span={6} key={id}>
            <Card>
              <Statistic data-testid={`stat-${id}`} title={t(label)} value={value} loading={counts === null} />
            </Card>
          </Col>
        ))}
      </Row>
      {empty && <EmptyState text={t('empty.dashboard')} />}
    </PageFrame>
  );
}
