import type { Pool } from '../db/pool.js';
import { migrationStatus } from '../db/migrate.js';
import type { StatsReport } from '../stats/report.js';

export interface ServerStats {
  migrations: { level: number; latest: number };
  devices: { county: string; active: number; revoked: number }[];
  packages: number;
  ops: number;
  records: number;
  openConflicts: number;
  parkedOps: number;
  quarantine: { reason: string; count: number }[];
  openAlerts: number;
}

export async function collectStats(pool: Pool): Promise<ServerStats> {
  const count = async (sql: string): Promise<number> => (await pool.query<{ n: number }>(sql)).rows[0]!.n;
  const [status, devices, quarantine, packages, ops, records, openConflicts, parkedOps, openAlerts] = await Promise.all(
    [
      migrationStatus(pool),
      pool.query<{ county: string; active: number; revoked: number }>(
        `SELECT county, count(*) FILTER (WHERE status = 'active')::int AS active, count(*) FILTER (WHERE status = 'revoked')::int AS revoked
       FROM devices GROUP BY county ORDER BY county`,
      ),
      pool.query<{ reason: string; count: number }>(
        `SELECT reason, count(*)::int AS count FROM quarantine GROUP BY reason ORDER BY reason`,
      ),
      count('SELECT count(*)::int AS n FROM packages'),
      count('SELECT count(*)::int AS n FROM ops'),
      count('SELECT count(*)::int AS n FROM records WHERE NOT deleted'),
      count('SELECT count(*)::int AS n FROM conflicts WHERE resolved_at IS NULL'),
      count('SELECT count(*)::int AS n FROM parked_ops WHERE applied_at IS NULL'),
      count('SELECT count(*)::int AS n FROM alerts WHERE acknowledged_at IS NULL'),
    ],
  );
  return {
    migrations: { level: status.level, latest: status.latest },
    devices: devices.rows,
    packages,
    ops,
    records,
    openConflicts,
    parkedOps,
    quarantine: quarantine.rows,
    openAlerts,
  };
}

/** The aggregated figures (statsReport) as CLI output. */
export function figuresResult(r: StatsReport): { json: unknown; text: string } {
  const counts = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '—';
  const text = [
    `${r.scope.name} (${r.scope.level} ${r.scope.code}), ${r.period.period}: ${r.period.from} – ${r.period.to}`,
    `需求 demands: ${r.demands.total} (本期 in period ${r.demands.inPeriod}, 已解决 solved ${r.demands.solvedInPeriod})`,
    `  按状态 by status: ${counts(r.demands.byStatus)}`,
    `  按类型 by type: ${counts(r.demands.byType)}`,
    `服务 visits: ${r.visits.total}, ${r.visits.days} 天 days`,
    ...r.visits.byCommissioner.map((c) => `  ${c.name ?? c.id}: ${c.visits} 次, ${c.days} 天`),
    `工作站覆盖 workstation coverage: ${r.workstations.covered}/${r.workstations.townships} 乡镇 townships (${r.workstations.percent ?? '—'}%)`,
    ...r.targets.map((t) => `目标 target ${t.metric}: ${t.actual ?? '—'} / ${t.target} (${t.percent ?? '—'}%)`),
  ].join('\n');
  return { json: r, text };
}
