/**
 * 工作台 Dashboard: counts, demands by status / cluster / field (ECharts), visits this month and quarter,
 * follow-ups due, workstation coverage, changes waiting to sync and the last sync.
 */
import { getField } from '@shared/domain/registry';
import { DEMAND_STATUS_OPTIONS } from '@shared/domain/status';
import { Card, Col, List, Row, Statistic } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useRouter } from '../app/router';
import { useSession } from '../app/session';
import { BarChart } from '../components/BarChart';
import { EmptyState } from '../components/EmptyState';
import { PageFrame } from '../components/PageFrame';
import { useTitles } from '../data/useRecords';
import { formatDateLong, formatDateShort, formatDateTime } from '../format';
import { pick, useLang, useT, type MessageKey } from '../i18n';
import { onChange, repos, valuesOf } from '../storage/repositories';
import { computeStats, type DashboardStats } from './dashboard/stats';

async function loadStats(): Promise<DashboardStats> {
  const r = repos().records;
  const [enterprises, demands, visits, workstations] = await Promise.all([
    r.list('enterprise'),
    r.list('demand'),
    r.list('visit'),
    r.list('workstation'),
  ]);
  return computeStats(
    {
      enterprises: enterprises.map(valuesOf),
      demands: demands.map(valuesOf),
      visits: visits.map((v) => ({ id: v.recordId, values: valuesOf(v) })),
      workstations: workstations.map(valuesOf),
    },
    formatDateShort(new Date()),
  );
}

export function DashboardPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useRouter((s) => s.navigate);
  const pending = useSession((s) => s.pendingRecords);
  const lastSync = useSession((s) => s.lastSync);
  const clusters = useTitles(['cluster']).get('cluster');
  const [stats, setStats] = useState<DashboardStats | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const next = await loadStats();
      if (live) setStats(next);
    };
    void load();
    const off = onChange(() => void load());
    return () => {
      live = false;
      off();
    };
  }, []);

  const charts = useMemo(() => {
    if (!stats) return null;
    const none = t('dashboard.unassigned');
    const statusData = DEMAND_STATUS_OPTIONS.map((o) => ({
      label: pick(o.labels, lang),
      value: stats.demandsByStatus[o.code] ?? 0,
    }));
    const clusterData = Object.entries(stats.demandsByCluster).map(([id, value]) => ({
      label: id ? (clusters?.get(id) ?? id) : none,
      value,
    }));
    const fieldDef = getField('demand', 'techField');
    const fieldData = Object.entries(stats.demandsByField).map(([code, value]) => {
      const o = fieldDef?.options?.find((x) => x.code === code);
      return { label: o ? pick(o.labels, lang) : none, value };
    });
    return { statusData, clusterData, fieldData };
  }, [stats, clusters, lang, t]);

  const cards: [string, MessageKey, number | string][] = [
    ['enterprises', 'dashboard.enterprises', stats?.enterprises ?? 0],
    ['demands', 'dashboard.demands', stats?.demands ?? 0],
    ['visitsMonth', 'dashboard.visitsMonth', stats?.visitsThisMonth ?? 0],
    ['visitsQuarter', 'dashboard.visitsQuarter', stats?.visitsThisQuarter ?? 0],
    ['coverage', 'dashboard.coverage', stats?.townshipsWithWorkstation ?? 0],
    ['pending', 'dashboard.pending', pending],
    ['lastSync', 'dashboard.lastSync', lastSync ? formatDateTime(lastSync) : t('sync.never')],
  ];
  const empty = stats !== null && stats.enterprises + stats.demands + stats.visitsThisQuarter === 0;
  return (
    <PageFrame section="dashboard" title={t('dashboard.title')}>
      {empty && <EmptyState text={t('empty.dashboard')} />}
      <Row gutter={[16, 16]}>
        {cards.map(([id, label, value]) => (
          <Col xs={12} md={8} xl={6} key={id}>
            <Card size="small">
              <Statistic data-testid={`stat-${id}`} title={t(label)} value={value} loading={stats === null} />
            </Card>
          </Col>
        ))}
      </Row>
      {charts && stats && stats.demands > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('dashboard.byStatus')}>
              <BarChart testId="chart-status" data={charts.statusData} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('dashboard.byCluster')}>
              <BarChart testId="chart-cluster" data={charts.clusterData} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('dashboard.byField')}>
              <BarChart testId="chart-field" data={charts.fieldData} />
            </Card>
          </Col>
        </Row>
      )}
      {stats && (
        <Card size="small" title={t('dashboard.followUps')}>
          <List
            data-testid="followups"
            size="small"
            locale={{ emptyText: t('dashboard.followUpsNone') }}
            dataSource={stats.followUpsDue.slice(0, 20)}
            renderItem={(item) => (
              <List.Item
                data-testid="followup-item"
                style={{ cursor: 'pointer' }}
                onClick={() => navigate('visits', item.id)}
              >
                {t('dashboard.followUpOverdue', { date: formatDateLong(item.date, lang) })}
              </List.Item>
            )}
          />
        </Card>
      )}
    </PageFrame>
  );
}
