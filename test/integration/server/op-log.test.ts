// The op log append (COPY FROM STDIN): what goes in comes back exactly, an op already logged is never logged twice,
// and server_seq — the pull cursor — follows HLC order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type JsonValue, type Op } from '@shared/change';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, withTransaction, type Pool } from '../../../server/src/db/pool';
import { appendOps, COPY_MIN_OPS } from '../../../server/src/ingest/state-store';
import { databaseKinds, useTestDatabase } from '../../support/postgres';

const NODE = '00000000000000a1';

function logOp(n: number, field: string, value: JsonValue, extra: Partial<Op> = {}): Op {
  return {
    opId: uuidv7(),
    entity: 'enterprise',
    recordId: 'rec-1',
    field,
    value,
    hlc: `2026-11-28T10:00:00.${String(n).padStart(3, '0')}Z-0000-${NODE}`,
    baseHlc: null,
    device: 'dev-log',
    operator: '张敏',
    county: '130123',
    schemaVersion: 1,
    ...extra,
  };
}

// Small batches go in by one INSERT … ON CONFLICT, large ones by COPY: every behaviour below holds for both.
const PATHS = databaseKinds().flatMap((kind) => [
  { kind, path: 'INSERT (small batch)', filler: 0 },
  { kind, path: 'COPY (large batch)', filler: COPY_MIN_OPS },
]);

/** Ops on another record, earlier in HLC order than anything a test writes (which so gets the batch's last seqs), to push a batch past COPY_MIN_OPS. */
function fillerOps(count: number): Op[] {
  return Array.from({ length: count }, (_, i) => ({
    ...logOp(0, 'name', `填充${i}`),
    recordId: 'filler',
    hlc: `2026-11-28T08:${String(Math.floor(i / 1000)).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z-0000-${NODE}`,
  }));
}

describe.each(PATHS)('op log append on $kind PostgreSQL by $path', ({ kind, filler }) => {
  const database = useTestDatabase(kind);
  let pool: Pool;
  let packageNo = 0;

  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    await pool.query(
      `INSERT INTO devices (id, county, public_key, alg, cert_serial) VALUES ('dev-log', '130123', 'key', 'Ed25519', 'serial-log')`,
    );
  });
  afterAll(async () => {
    await pool?.end();
  });

  async function append(ops: Op[], withPackage = true): Promise<{ digest: string | null; cursor: number }> {
    ops = [...ops, ...fillerOps(filler)];
    const digest = withPackage ? `digest-${++packageNo}` : null;
    const cursor = await withTransaction(pool, async (client) => {
      if (digest)
        await client.query(
          `INSERT INTO packages (digest, device, seq, bytes, via) VALUES ($1, 'dev-log', $2, '\\x00', 'http')`,
          [digest, packageNo],
        );
      return appendOps(client, ops, digest);
    });
    return { digest, cursor };
  }

  async function stored(ids: string[]): Promise<Record<string, unknown>[]> {
    const { rows } = await pool.query(
      `SELECT op_id, server_seq::int AS seq, value, hlc, base_hlc, source, package_digest FROM ops WHERE op_id = ANY($1) ORDER BY server_seq`,
      [ids],
    );
    return rows;
  }

  it('stores values with tabs, newlines, carriage returns, backslashes, \\N text, Chinese and nested JSON exactly', async () => {
    const values: JsonValue[] = [
      '行一\n行二\t制表\r回车',
      'C:\\路径\\N',
      '\\N',
      { 地址: '正定县\t科技大道', 数量: [1, 2.5, null] },
      42,
      true,
      '',
    ];
    const ops = values.map((value, i) =>
      logOp(i, 'address', value, {
        baseHlc: i === 0 ? null : `2026-11-28T09:00:00.000Z-0001-${NODE}`,
        source: i === 3 ? { kind: 'import', file: '导入\t表.xlsx', row: 7 } : undefined,
      }),
    );
    const { digest } = await append(ops);
    const rows = await stored(ops.map((o) => o.opId));
    expect(rows.map((r) => r.value)).toEqual(values);
    expect(rows.map((r) => r.base_hlc)).toEqual(ops.map((o) => o.baseHlc));
    expect(rows.map((r) => r.source)).toEqual(ops.map((o) => o.source ?? null));
    expect(new Set(rows.map((r) => r.package_digest))).toEqual(new Set([digest]));
  });

  it('keeps a null value (a cleared field) as SQL NULL, as before', async () => {
    const op = logOp(100, 'contactPerson', null);
    await append([op]);
    const { rows } = await pool.query(`SELECT value IS NULL AS is_null FROM ops WHERE op_id = $1`, [op.opId]);
    expect(rows).toEqual([{ is_null: true }]);
  });

  it('numbers server_seq in HLC order whatever order the package lists its ops in', async () => {
    const ops = [logOp(203, 'name', 'c'), logOp(201, 'name', 'a'), logOp(202, 'name', 'b')];
    const { cursor } = await append(ops);
    const rows = await stored(ops.map((o) => o.opId));
    expect(rows.map((r) => r.value)).toEqual(['a', 'b', 'c']);
    expect(rows[2]!.seq).toBe(cursor);
  });

  it('skips an op already in the log and a repeated opId in the same batch, keeping the first stored copy', async () => {
    const first = logOp(300, 'name', '原值');
    const earlier = await append([first]);
    const repeat = { ...first, value: '重发' };
    const fresh = logOp(301, 'name', '新值');
    const again = await append([repeat, fresh, { ...fresh, value: '同批重复' }]);
    const rows = await stored([first.opId, fresh.opId]);
    expect(rows.map((r) => [r.value, r.package_digest])).toEqual([
      ['原值', earlier.digest],
      ['新值', again.digest],
    ]);
    expect(again.cursor).toBe(rows[1]!.seq);
  });

  it('writes an already logged op nothing more when it is sent again', async () => {
    const op = logOp(400, 'name', '一次');
    const { cursor } = await append([op]);
    const resent = await append([op]);
    expect(resent.cursor).toBe(cursor + filler);
    expect(await stored([op.opId])).toHaveLength(1);
  });

  it('writes province ops without a package (reference imports)', async () => {
    const op = logOp(500, 'name', '参考', { county: '13', device: 'province' });
    await append([op], false);
    expect((await stored([op.opId]))[0]).toMatchObject({ package_digest: null, value: '参考' });
  });
});
