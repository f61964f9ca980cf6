/** 产业集群 Clusters (reference data from the province, read-only). Test ids: page-clusters. */
import { EmptyState } from '../components/EmptyState';
import { PageFrame } from '../components/PageFrame';
import { useT } from '../i18n';

export function ClustersPage() {
  const t = useT();
  return (
    <PageFrame section="clusters" title={t('nav.clusters')}>
      <EmptyState text={t('empty.clusters')} />
    </PageFrame>
  );
}
