/** How many of the county's enterprises and demands name a cluster (the provincial reference data stays read-only). */
import type { Values } from '../../storage/repositories';

export function countByCluster(clusterId: string, rows: readonly { values: Values }[]): number {
  return rows.reduce((n, r) => (r.values.cluster === clusterId ? n + 1 : n), 0);
}
