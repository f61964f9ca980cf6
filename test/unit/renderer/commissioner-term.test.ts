import { describe, expect, it } from 'vitest';
import { termSummary } from '../../../renderer/src/pages/entity/termSummary';

const visit = (id: string, date: string, commissioners: string[], enterprise?: string) => ({
  id,
  updatedAt: '',
  values: { date, commissioners, ...(enterprise ? { enterprise } : {}) },
});

describe("a commissioner's term", () => {
  const visits = [
    visit('v1', '2026-03-01', ['c1'], 'e1'),
    visit('v2', '2026-06-15', ['c1', 'c2'], 'e2'),
    visit('v3', '2025-12-31', ['c1'], 'e1'),
    visit('v4', '2026-07-01', ['c2'], 'e3'),
  ];

  it('counts only their visits inside the term dates', () => {
    expect(termSummary('c1', { termStart: '2026-01-01', termEnd: '2026-12-31' }, visits)).toEqual({
      visits: 2,
      bounded: true,
      enterpriseIds: ['e1', 'e2'],
    });
  });

  it('counts every visit when the term dates are not given, and says so', () => {
    expect(termSummary('c1', {}, visits)).toMatchObject({ visits: 3, bounded: false });
  });
});
