import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../renderer/src/pages/dashboard/stats';

describe('dashboard numbers', () => {
  const stats = computeStats(
    {
      enterprises: [{ name: 'A' }, { name: 'B' }],
      demands: [
        { status: 'draft', cluster: 'c1', techField: 'new_materials' },
        { status: 'reported', cluster: 'c1' },
        { status: 'reported', techField: 'new_materials' },
      ],
      visits: [
        { id: 'v1', values: { date: '2026-11-03', followUpDate: '2026-11-20' } },
        { id: 'v2', values: { date: '2026-10-15', followUpDate: '2026-11-28' } },
        { id: 'v3', values: { date: '2026-09-30', followUpDate: '2026-12-05' } },
        { id: 'v4', values: { date: '2025-11-10' } },
      ],
      workstations: [{ township: '130534100' }, { township: '130534100' }, { township: '130534101' }],
    },
    '2026-11-28',
  );

  it('counts demands by status, cluster and field, with a bucket for the unassigned', () => {
    expect(stats.demands).toBe(3);
    expect(stats.demandsByStatus).toEqual({ draft: 1, reported: 2 });
    expect(stats.demandsByCluster).toEqual({ c1: 2, '': 1 });
    expect(stats.demandsByField).toEqual({ new_materials: 2, '': 1 });
  });

  it('counts visits of this month and this quarter (Q4: October to December), not last year', () => {
    expect(stats.visitsThisMonth).toBe(1);
    expect(stats.visitsThisQuarter).toBe(2);
  });

  it('lists follow-ups due today or overdue, oldest first', () => {
    expect(stats.followUpsDue).toEqual([
      { id: 'v1', date: '2026-11-20' },
      { id: 'v2', date: '2026-11-28' },
    ]);
  });

  it('counts each township with a workstation once', () => {
    expect(stats.townshipsWithWorkstation).toBe(2);
  });
});
