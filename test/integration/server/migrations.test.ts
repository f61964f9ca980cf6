import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, migrationStatus } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { databaseKinds, useTestDatabase } from '../../support/postgres';

describe.each(databaseKinds())('migrations on %s PostgreSQL', (kind) => {
  const database = useTestDatabase(kind);
  let pool: Pool;
  beforeAll(() => {
    pool = createPool(database.url);
  });
  afterAll(async () => {
    await pool?.end();
  });

  const shipped = loadMigrations();

  it('reports level 0 with everything pending on a fresh database', async () => {
    const status = await migrationStatus(pool);
    expect(status.level).toBe(0);
    expect(status.latest).toBe(shipped.length);
    expect(status.pending).toEqual(shipped.map((m) => m.version));
  });

  it('applies every migration once, in order, and records them', async () => {
    const applied = await migrate(pool);
    expect(applied).toEqual(shipped.map((m) => m.version));
    const { rows } = await pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(shipped.map((m) => ({ version: m.version, name: m.name })));
    expect(await migrationStatus(pool)).toEqual({ level: shipped.length, latest: shipped.length, pending: [] });
  });

  it('is a no-op when run again, also when several instances start at once', async () => {
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    expect(results).toEqual([[], [], []]);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(shipped.length);
  });

  it('applies concurrently started migrations exactly once on a fresh database', async () => {
    await pool.query('CREATE SCHEMA race');
    const racePool = createPool(database.url + '?options=-csearch_path%3Drace', 4);
    try {
      const results = await Promise.all([migrate(racePool), migrate(racePool)]);
      expect(results.map((r) => r.length).sort((a, b) => a - b)).toEqual([0, shipped.length]);
    } finally {
      await racePool.end();
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const edited = shipped.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(pool, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('refuses to run when the database is newer than the server', async () => {
    await expect(migrate(pool, shipped.slice(0, 2))).rejects.toThrow(/newer than this server knows/);
  });

  it.each(['packages', 'receipts', 'ops', 'device_certificates'])(
    'append-only table %s refuses UPDATE and DELETE',
    async (table) => {
      const { rows } = await pool.query<{ tgname: string }>(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
        [table],
      );
      expect(rows.map((r) => r.tgname)).toEqual([`${table}_append_only`]);
    },
  );

  it('keeps on the op log only the indexes a query uses: op_id (dedup), server_seq (cursor), county + server_seq (pull)', async () => {
    const { rows } = await pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'ops' ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexdef.replace(/ ON \S*ops USING btree/, ''))).toEqual([
      'CREATE INDEX ops_county_cursor (county, server_seq)',
      'CREATE UNIQUE INDEX ops_pkey (op_id)',
      'CREATE UNIQUE INDEX ops_server_seq_key (server_seq)',
    ]);
  });

  it('keeps the evidence of a quarantined row as it was recorded: UPDATE is refused, DELETE (retention by age) is not', async () => {
    await pool.query(
      `INSERT INTO quarantine (raw, reason, source, sha256, size, head, authenticated)
       VALUES ('\\x0102'::bytea, 'bad-signature', 'http', 'ab', 2, '\\x0102'::bytea, true)`,
    );
    await expect(pool.query(`UPDATE quarantine SET reason = 'other'`)).rejects.toThrow(/evidence is immutable/);
    await expect(pool.query(`UPDATE quarantine SET raw = NULL`)).rejects.toThrow(/evidence is immutable/);
    const { rows } = await pool.query(`SELECT reason, raw FROM quarantine`);
    expect(rows).toEqual([{ reason: 'bad-signature', raw: Buffer.from([1, 2]) }]);
    await pool.query(`DELETE FROM quarantine`);
    expect((await pool.query(`SELECT count(*)::int AS n FROM quarantine`)).rows[0].n).toBe(0);
  });

  it('refuses an unauthenticated quarantine row that keeps raw bytes or more than 1 KiB of head', async () => {
    await expect(
      pool.query(
        `INSERT INTO quarantine (raw, reason, source, sha256, size, head, authenticated)
         VALUES ('\\x01'::bytea, 'malformed', 'http', 'ab', 1, '\\x01'::bytea, false)`,
      ),
    ).rejects.toThrow(/quarantine_bounded/);
    await expect(
      pool.query(
        `INSERT INTO quarantine (reason, source, sha256, size, head, authenticated)
         VALUES ('malformed', 'http', 'ab', 2000, decode(repeat('00', 1025), 'hex'), false)`,
      ),
    ).rejects.toThrow(/quarantine_bounded/);
  });
});
