/** A commissioner's visits in the current term and the enterprises they served (pure; unit-tested). */
import type { ListRow } from '../../data/useRecords';
import type { Values } from '../../storage/repositories';

export interface TermSummary {
  visits: number;
  /** Term dates known (termStart/termEnd); otherwise every visit counts. */
  bounded: boolean;
  enterpriseIds: string[];
}

export function termSummary(commissionerId: string, commissioner: Values, visits: readonly ListRow[]): TermSummary {
  const start = typeof commissioner.termStart === 'string' ? commissioner.termStart : null;
  const end = typeof commissioner.termEnd === 'string' ? commissioner.termEnd : null;
  let count = 0;
  const enterprises = new Set<string>();
  for (const v of visits) {
    const who = v.values.commissioners;
    if (!Array.isArray(who) || !who.includes(commissionerId)) continue;
    if (typeof v.values.enterprise === 'string') enterprises.add(v.values.enterprise);
    const date = typeof v.values.date === 'string' ? v.values.date : '';
    if ((start && date < start) || (end && date > end)) continue;
    count += 1;
  }
  return { visits: count, bounded: start !== null || end !== null, enterpriseIds: [...enterprises] };
}
