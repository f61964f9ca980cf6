/** The dashboard's numbers, computed from the loaded records (pure; unit-tested). */
import type { JsonValue } from '@shared/change/op';
import type { Values } from '../../storage/repositories';

export interface DashboardStats {
  enterprises: number;
  demands: number;
  /** status code → count */
  demandsByStatus: Record<string, number>;
  /** cluster id ('' when none) → count */
  demandsByCluster: Record<string, number>;
  /** techField code ('' when none) → count */
  demandsByField: Record<string, number>;
  visitsThisMonth: number;
  visitsThisQuarter: number;
  /** Visits whose follow-up date is today or past, oldest first. */
  followUpsDue: { id: string; date: string }[];
  /** Townships of the county that have a workstation / all townships with records. */
  townshipsWithWorkstation: number;
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** `today` as yyyy-mm-dd in local time. */
export function computeStats(
  input: {
    enterprises: readonly Values[];
    demands: readonly Values[];
    visits: readonly { id: string; values: Values }[];
    workstations: readonly Values[];
  },
  today: string,
): DashboardStats {
  const month = today.slice(0, 7);
  const year = today.slice(0, 4);
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const byStatus: Record<string, number> = {};
  const byCluster: Record<string, number> = {};
  const byField: Record<string, number> = {};
  for (const d of input.demands) {
    bump(byStatus, str(d.status) || 'draft');
    bump(byCluster, str(d.cluster));
    bump(byField, str(d.techField));
  }
  let visitsThisMonth = 0;
  let visitsThisQuarter = 0;
  const followUpsDue: { id: string; date: string }[] = [];
  for (const { id, values } of input.visits) {
    const date = str(values.date);
    if (date.startsWith(month)) visitsThisMonth += 1;
    if (date.startsWith(year) && Math.floor((Number(date.slice(5, 7)) - 1) / 3) === quarter) visitsThisQuarter += 1;
    const follow = str(values.followUpDate);
    if (follow && follow <= today) followUpsDue.push({ id, date: follow });
  }
  followUpsDue.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const townships = new Set(input.workstations.map((w) => str(w.township)).filter(Boolean));
  return {
    enterprises: input.enterprises.length,
    demands: input.demands.length,
    demandsByStatus: byStatus,
    demandsByCluster: byCluster,
    demandsByField: byField,
    visitsThisMonth,
    visitsThisQuarter,
    followUpsDue,
    townshipsWithWorkstation: townships.size,
  };
}
