// What a statistics request covers: the province, a city, a county or a cluster (its counties, from the shared
// divisions and the cluster record), and a period ('2026', '2026-Q2' or '2026-05').
import { countiesOf, countyLevelUnits, getDivision } from '@shared/domain';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/errors.js';

export const LEVELS = ['province', 'city', 'county', 'cluster'] as const;
export type Level = (typeof LEVELS)[number];

export interface Scope {
  level: Level;
  code: string;
  name: string;
  /** County-level codes the scope covers (a cluster: the counties it lies in). */
  counties: string[];
}

export interface Period {
  period: string;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
}

export const statsErrors = {
  badLevel: (level: unknown) =>
    new ApiError(400, 'stats-level', {
      zh: `统计层级只能是 province、city、county 或 cluster，收到「${String(level)}」。`,
      en: `level must be province, city, county or cluster, got "${String(level)}".`,
    }),
  unknownScope: (level: Level, code: string) =>
    new ApiError(
      404,
      'stats-scope-unknown',
      { zh: `没有这个${LEVEL_ZH[level]}：${code}`, en: `No ${level} with code ${code}.` },
      { level, scopeCode: code },
    ),
  badPeriod: (period: string) =>
    new ApiError(400, 'stats-period', {
      zh: `统计期间格式应为 2026、2026-Q2 或 2026-05，收到「${period}」。`,
      en: `period must look like 2026, 2026-Q2 or 2026-05, got "${period}".`,
    }),
};

const LEVEL_ZH: Record<Level, string> = { province: '省', city: '设区市', county: '县（市、区）', cluster: '产业集群' };

export async function resolveScope(pool: Pool, level: unknown, code: unknown): Promise<Scope> {
  if (level === undefined || level === '') level = 'province';
  if (!(LEVELS as readonly unknown[]).includes(level)) throw statsErrors.badLevel(level);
  const lv = level as Level;
  const c = typeof code === 'string' ? code.trim() : '';
  if (lv === 'province')
    return { level: lv, code: '13', name: '河北省', counties: countyLevelUnits({ zones: true }).map((d) => d.code) };
  if (lv === 'cluster') {
    const { rows } = await pool.query<{ name: string | null; counties: string[] | null }>(
      `SELECT fields->'name'->>'value' AS name, ARRAY(SELECT jsonb_array_elements_text(fields->'counties'->'value')) AS counties
       FROM records WHERE entity = 'cluster' AND record_id = $1 AND NOT deleted`,
      [c],
    );
    const row = rows[0];
    if (!row) throw statsErrors.unknownScope(lv, c);
    return { level: lv, code: c, name: row.name ?? c, counties: row.counties ?? [] };
  }
  const division = getDivision(c);
  if (!division || division.level !== lv) throw statsErrors.unknownScope(lv, c);
  const counties = lv === 'city' ? countiesOf(c, { zones: true }).map((d) => d.code) : [c];
  return { level: lv, code: c, name: division.name, counties };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** '2026' | '2026-Q2' | '2026-05' → inclusive dates; default: the current year. */
export function parsePeriod(text: unknown, now = new Date()): Period {
  const period = typeof text === 'string' && text.trim() ? text.trim() : String(now.getUTCFullYear());
  let m = /^(\d{4})$/.exec(period);
  if (m) return { period, from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const y = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { period, from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${lastDay(y, first + 2)}` };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (m) return { period, from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${lastDay(Number(m[1]), Number(m[2]))}` };
  throw statsErrors.badPeriod(period);
}
