// Pull-page latency with 1,000,000 ops stored: a signed 1,000-op return page at the END of a county's cursor
// (the page a device that is almost up to date asks for), floor: the raw SELECT of the same rows.
// The op log is filled with generate_series inside PostgreSQL (4 counties plus province rows, 1M ops in all).
import { ServerKeyring } from '../../server/src/keys/server-key';
import { changesPage } from '../../server/src/pull/changes';
import { withThrowawayDatabase } from './server-bench-support';
import { entry, medianMs, type BenchEntry } from './types';

const TOTAL = 1_000_000;
const PAGE = 1000;
const COUNTY = '130123';

export default async function bench(): Promise<BenchEntry[]> {
  return withThrowawayDatabase(async (pool) => {
    const keyring = new ServerKeyring(pool);
    await keyring.current();
    const t0 = performance.now();
    await pool.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version)
       SELECT '0190f000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'), 'enterprise', 'rec-' || (g / 3), (ARRAY['name', 'contactPerson', 'address'])[g % 3 + 1],
              to_jsonb('河北省石家庄市正定县第' || g || '号新材料科技有限公司'),
              to_char(timestamp '2026-01-01' + g * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '-0000-0123456789abcdef',
              NULL, 'device-' || (g % 4), '张敏', (ARRAY['130123', '130628', '130102', '131182', '13'])[g % 5 + 1], 1
       FROM generate_series(1, $1::int) AS g`,
      [TOTAL],
    );
    await pool.query('ANALYZE ops');
    const seedSeconds = (performance.now() - t0) / 1000;

    const { rows } = await pool.query<{ after: number }>(
      `SELECT server_seq AS after FROM ops WHERE county = ANY($1::text[]) ORDER BY server_seq DESC OFFSET $2 LIMIT 1`,
      [[COUNTY, '13'], PAGE],
    );
    const after = rows[0]!.after;
    const device = { id: 'device-0', county: COUNTY };
    for (let i = 0; i < 3; i++) await changesPage(pool, keyring, device, i === 0 ? 0 : after, PAGE); // warm-up (JIT, caches)
    const pageMs = await medianMs(async () => {
      const page = await changesPage(pool, keyring, device, after, PAGE);
      if (page.count !== PAGE) throw new Error(`page held ${page.count} ops`);
    }, 9);
    const rawMs = await medianMs(
      () =>
        pool.query(
          `SELECT * FROM ops WHERE server_seq > $1 AND county = ANY($2::text[]) ORDER BY server_seq LIMIT $3`,
          [after, [COUNTY, '13'], PAGE + 1],
        ),
      9,
    );
    const firstPageMs = await medianMs(() => changesPage(pool, keyring, device, 0, PAGE), 5);
    return [
      entry(`server pull: last 1,000-op signed page, ${TOTAL.toLocaleString('en')} ops stored`, pageMs, 'ms', rawMs),
      entry(
        `server pull: first 1,000-op signed page, ${TOTAL.toLocaleString('en')} ops stored`,
        firstPageMs,
        'ms',
        rawMs,
      ),
      entry(
        `server pull: seeding ${TOTAL.toLocaleString('en')} ops (generate_series, with the op-log indexes)`,
        seedSeconds,
        's',
      ),
    ];
  });
}
