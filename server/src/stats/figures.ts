// Aggregated figures over the merged current state (`records`): one GROUP BY per figure over the jsonb fields,
// scoped by county through the records_county_entity index (a cluster narrows a county scope further).
import { townshipsOf, getDivision } from '@shared/domain';
import type { Pool } from '../db/pool.js';
import type { Period, Scope } from './scope.js';

export interface DemandFigures {
  total: number;
  /** In the period: demands whose survey date (or, without one, the day the server first saw them) falls in it. */
  inPeriod: number;
  /** Of those, solved or closed. */
  solvedInPeriod: number;
  byStatus: Record<string, number>;
  /** 需求类型 (activityType); records without one count under "unset". */
  byType: Record<string, number>;
  byField: Record<string, number>;
}

export interface VisitFigures {
  /** Visits dated in the period. */
  total: number;
  days: number;
  byCommissioner: { id: string; name: string | null; visits: number; days: number }[];
}

export interface CoverageFigures {
  townships: number;
  covered: number;
  /** covered / townships × 100, one decimal; null when the scope has no townships. */
  percent: number | null;
  byCounty: { county: string; name: string; townships: number; covered: number }[];
}

const UNSET = 'unset';

/** SQL condition on `r` (a records row) for the scope; parameters $1 = counties, $2 = cluster code or null. */
const IN_SCOPE = `r.county = ANY($1::text[]) AND ($2::text IS NULL OR r.fields->'cluster'->>'value' = $2)`;

function scopeParams(scope: Scope): [string[], string | null] {
  return [scope.counties, scope.level === 'cluster' ? scope.code : null];
}

export async function demandFigures(pool: Pool, scope: Scope, period: Period): Promise<DemandFigures> {
  const { rows } = await pool.query<{
    g: number;
    status: string | null;
    type: string | null;
    field: string | null;
    n: number;
    in_period: number;
    solved: number;
  }>(
    `SELECT GROUPING(status, type, field)::int AS g, status, type, field, count(*)::int AS n,
            count(*) FILTER (WHERE day BETWEEN $3 AND $4)::int AS in_period,
            count(*) FILTER (WHERE day BETWEEN $3 AND $4 AND status IN ('solved', 'closed'))::int AS solved
     FROM (SELECT r.fields->'status'->>'value' AS status,
                  coalesce(r.fields->'activityType'->>'value', '${UNSET}') AS type,
                  coalesce(r.fields->'techField'->>'value', '${UNSET}') AS field,
                  coalesce(r.fields->'surveyDate'->>'value', to_char(r.created_at, 'YYYY-MM-DD')) AS day
           FROM records r WHERE r.entity = 'demand' AND NOT r.deleted AND ${IN_SCOPE}) d
     GROUP BY GROUPING SETS ((), (status), (type), (field))`,
    [...scopeParams(scope), period.from, period.to],
  );
  const out: DemandFigures = { total: 0, inPeriod: 0, solvedInPeriod: 0, byStatus: {}, byType: {}, byField: {} };
  for (const r of rows) {
    // GROUPING bits: status 4, type 2, field 1 — a bit is set when that column is aggregated over.
    if (r.g === 7) Object.assign(out, { total: r.n, inPeriod: r.in_period, solvedInPeriod: r.solved });
    else if (r.g === 3) out.byStatus[r.status ?? UNSET] = r.n;
    else if (r.g === 5) out.byType[r.type ?? UNSET] = r.n;
    else if (r.g === 6) out.byField[r.field ?? UNSET] = r.n;
  }
  return out;
}

/** Visits in the scope dated in the period; in a cluster, the visits to the cluster's enterprises. */
const VISITS_IN_SCOPE = `
  WITH v AS (
    SELECT v.fields FROM records v
    WHERE v.entity = 'visit' AND NOT v.deleted AND v.county = ANY($1::text[]) AND v.fields->'date'->>'value' BETWEEN $3 AND $4
      AND ($2::text IS NULL OR EXISTS (
        SELECT 1 FROM records e WHERE e.entity = 'enterprise' AND e.record_id = v.fields->'enterprise'->>'value'
          AND e.fields->'cluster'->>'value' = $2))
  )`;
const DAYS = `coalesce(sum((v.fields->'durationDays'->>'value')::numeric), 0)::float8`;

export async function visitFigures(pool: Pool, scope: Scope, period: Period): Promise<VisitFigures> {
  const params = [...scopeParams(scope), period.from, period.to];
  const [byCommissioner, totals] = await Promise.all([
    pool.query<{ id: string; name: string | null; visits: number; days: number }>(
      `${VISITS_IN_SCOPE}
       SELECT c.id, min(cm.fields->'name'->>'value') AS name, count(*)::int AS visits, ${DAYS} AS days
       FROM v CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(v.fields->'commissioners'->'value', '[]'::jsonb)) AS c(id)
       LEFT JOIN records cm ON cm.entity = 'commissioner' AND cm.record_id = c.id
       GROUP BY c.id ORDER BY visits DESC, c.id`,
      params,
    ),
    pool.query<{ n: number; days: number }>(
      `${VISITS_IN_SCOPE} SELECT count(*)::int AS n, ${DAYS} AS days FROM v`,
      params,
    ),
  ]);
  return { total: totals.rows[0]!.n, days: totals.rows[0]!.days, byCommissioner: byCommissioner.rows };
}

/** Townships with at least one workstation, over the townships of the scope's counties (shared divisions). */
export async function coverageFigures(pool: Pool, scope: Scope): Promise<CoverageFigures> {
  const { rows } = await pool.query<{ county: string; township: string }>(
    `SELECT DISTINCT r.county, r.fields->'township'->>'value' AS township
     FROM records r WHERE r.entity = 'workstation' AND NOT r.deleted AND r.county = ANY($1::text[])
       AND r.fields->'township'->>'value' IS NOT NULL`,
    [scope.counties],
  );
  const withStation = new Set(rows.map((r) => r.township));
  const byCounty = scope.counties.map((county) => {
    const townships = townshipsOf(county);
    return {
      county,
      name: getDivision(county)?.name ?? county,
      townships: townships.length,
      covered: townships.filter((t) => withStation.has(t.code)).length,
    };
  });
  const townships = byCounty.reduce((n, c) => n + c.townships, 0);
  const covered = byCounty.reduce((n, c) => n + c.covered, 0);
  return {
    townships,
    covered,
    percent: townships === 0 ? null : Math.round((covered / townships) * 1000) / 10,
    byCounty: byCounty.filter((c) => scope.level !== 'province' || c.covered > 0),
  };
}
