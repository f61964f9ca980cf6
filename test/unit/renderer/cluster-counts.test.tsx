// @vitest-environment jsdom
// 产业集群: each cluster's record shows how many of the county's enterprises and demands are in it.
import 'fake-indexeddb/auto';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClusterCounts } from '../../../renderer/src/pages/entity/ClusterCounts';
import { countByCluster } from '../../../renderer/src/pages/entity/countByCluster';
import type { Values } from '../../../renderer/src/storage/repositories';
import { freshApp } from './dom-setup';

describe('cluster counts', () => {
  it('counts only the rows naming that cluster', () => {
    const rows: { values: Values }[] = [
      { values: { cluster: 'a' } },
      { values: { cluster: 'b' } },
      { values: { cluster: 'a' } },
      { values: {} },
    ];
    expect(countByCluster('a', rows)).toBe(2);
    expect(countByCluster('c', rows)).toBe(0);
  });

  it("shows the county's enterprises and demands on a cluster's record", async () => {
    const { repos } = freshApp();
    await repos.operators.add('张三');
    const e = await repos.records.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '甲公司', county: '130123', cluster: 'cl-1' },
      { operator: '张三' },
    );
    await repos.records.save(
      'demand',
      null,
      {
        enterprise: e.recordId,
        name: '需求一',
        problem: '问题',
        keywords: ['材料'],
        techField: 'new_materials',
        county: '130123',
        cluster: 'cl-1',
      },
      { operator: '张三' },
    );
    render(<ClusterCounts recordId="cl-1" />);
    await waitFor(() => expect(screen.getByTestId('cluster-enterprises').dataset.count).toBe('1'));
    expect(screen.getByTestId('cluster-demands').dataset.count).toBe('1');
  });
});
