/** On a cluster's record: the county's enterprises and demands in it. */
import { Space, Statistic } from 'antd';
import { useRecords } from '../../data/useRecords';
import { useT } from '../../i18n';
import { countByCluster } from './countByCluster';

export function ClusterCounts({ recordId }: { recordId: string }) {
  const t = useT();
  const enterprises = useRecords('enterprise');
  const demands = useRecords('demand');
  if (!enterprises || !demands) return null;
  return (
    <Space size={48}>
      <span data-testid="cluster-enterprises" data-count={countByCluster(recordId, enterprises)}>
        <Statistic title={t('cluster.enterprises')} value={countByCluster(recordId, enterprises)} />
      </span>
      <span data-testid="cluster-demands" data-count={countByCluster(recordId, demands)}>
        <Statistic title={t('cluster.demands')} value={countByCluster(recordId, demands)} />
      </span>
    </Space>
  );
}
