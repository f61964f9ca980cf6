// import-reference: province lists read with the shared spreadsheet core, checked with the shared schemas, and
// committed as province-owned ops through the ingest's merge — on real PostgreSQL.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { currentRecords } from '../../../server/src/reference/current-state';
import { importReference, type ReferenceKind } from '../../../server/src/reference/import-reference';
import { databaseKinds, useTestDatabase } from '../../support/postgres';
import { runCli } from './cli';

vi.setConfig({ testTimeout: 120_000 });

const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-ref-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function xlsx(rows: (string | number)[][]): Uint8Array {
  const book = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const INDUSTRIES = [
  ['产业代码', '产业名称', '排序'],
  ['equipment', '装备制造', 1],
  ['food', '食品', 2],
];
const CLUSTERS = [
  ['集群代码', '集群名称', '所在县（市、区）', '所属主导产业'],
  ['zd_food', '正定食品加工', '正定县', '食品'],
  ['gy_textile', '高阳纺织', '高阳县', 'equipment'],
];
const COMMISSIONERS = [
  ['姓名', '特派员类别', '派出单位', '所属县（市、区）', '联系电话'],
  ['李明', '农业科技特派员', '河北农业大学', '正定县', '13800000001'],
  ['张华', '企业科技特派员', '河北科技大学', '高阳县', '13800000002'],
];

describe.each(databaseKinds())('import-reference on %s PostgreSQL', (kind) => {
  const database = useTestDatabase(kind);
  let pool: Pool;
  const run = (kindName: ReferenceKind, rows: (string | number)[][], dryRun = false) =>
    importReference(pool, {
      kind: kindName,
      bytes: xlsx(rows),
      fileName: `${kindName}.xlsx`,
      dryRun,
      operator: '省科技厅',
    });

  it('a dry run reports each row valid with what it would create, and writes nothing', async () => {
    pool = createPool(database.url);
    await migrate(pool);
    const report = await run('industries', INDUSTRIES, true);
    expect(report.applied).toBe(false);
    expect(report.summary).toMatchObject({ rows: 2, valid: 2, invalid: 0, create: 2 });
    expect(report.rows.map((r) => [r.row, r.status, r.records])).toEqual([
      [2, 'valid', [{ id: 'equipment', action: 'create' }]],
      [3, 'valid', [{ id: 'food', action: 'create' }]],
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM ops')).rows[0].n).toBe(0);
  });

  it('commits industries and clusters as province ops (county 13, keyed by code), merged into current state', async () => {
    const industries = await run('industries', INDUSTRIES);
    expect(industries).toMatchObject({ applied: true, summary: { create: 2 } });
    const clusters = await run('clusters', CLUSTERS);
    expect(clusters).toMatchObject({ applied: true, summary: { valid: 2, create: 2 } });

    const records = await currentRecords(pool, ['industry', 'cluster']);
    expect(records.map((r) => [r.entity, r.id, r.county])).toEqual([
      ['cluster', 'gy_textile', '13'],
      ['cluster', 'zd_food', '13'],
      ['industry', 'equipment', '13'],
      ['industry', 'food', '13'],
    ]);
    // The cluster's industry, named in the file by name or by code, is the industry record's id.
    expect(records.find((r) => r.id === 'zd_food')!.values).toMatchObject({
      name: '正定食品加工',
      counties: ['130123'],
      industry: 'food',
      active: true,
    });
    expect(records.find((r) => r.id === 'gy_textile')!.values.industry).toBe('equipment');

    // In the op log like any change (so every county pulls them), with the import as their source.
    const { rows } = await pool.query<{
      county: string;
      device: string;
      package_digest: string | null;
      source: { kind: string; file: string };
    }>(`SELECT county, device, package_digest, source FROM ops WHERE entity IN ('industry', 'cluster')`);
    expect(rows.length).toBe(industries.ops + clusters.ops);
    expect(new Set(rows.map((r) => `${r.county}|${r.device}|${r.package_digest}|${r.source.kind}`))).toEqual(
      new Set(['13|province|null|import']),
    );
    const audit = await pool.query('SELECT kind, row_count, op_count, imported_by FROM reference_imports ORDER BY id');
    expect(audit.rows).toEqual([
      { kind: 'industries', row_count: 2, op_count: industries.ops, imported_by: '省科技厅' },
      { kind: 'clusters', row_count: 2, op_count: clusters.ops, imported_by: '省科技厅' },
    ]);
  });

  it('re-importing the same files changes nothing: every row unchanged, no op written', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM ops')).rows[0].n;
    for (const [k, rows] of [
      ['industries', INDUSTRIES],
      ['clusters', CLUSTERS],
    ] as const) {
      const report = await run(k, rows);
      expect(report).toMatchObject({ applied: false, ops: 0, summary: { create: 0, update: 0, unchanged: 2 } });
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM ops')).rows[0].n).toBe(before);
  });

  it('an edited row updates only the changed field, over the value it replaces (no conflict)', async () => {
    const edited = INDUSTRIES.map((r) => [...r]);
    edited[1]![1] = '高端装备制造';
    const report = await run('industries', edited);
    expect(report).toMatchObject({ applied: true, ops: 1, summary: { update: 1, unchanged: 1 } });
    const equipment = (await currentRecords(pool, ['industry'])).find((r) => r.id === 'equipment')!;
    expect(equipment.values.name).toBe('高端装备制造');
    expect((await pool.query('SELECT count(*)::int AS n FROM conflicts')).rows[0].n).toBe(0);
  });

  it('commissioners carry their own county and match their record by name and unit on re-import', async () => {
    const first = await run('commissioners', COMMISSIONERS);
    expect(first).toMatchObject({ applied: true, summary: { create: 2 } });
    const { rows } = await pool.query<{ county: string; n: number }>(
      `SELECT county, count(DISTINCT record_id)::int AS n FROM ops WHERE entity = 'commissioner' GROUP BY county ORDER BY county`,
    );
    expect(rows).toEqual([
      { county: '130123', n: 1 },
      { county: '130628', n: 1 },
    ]);
    const again = await run('commissioners', COMMISSIONERS);
    expect(again).toMatchObject({ applied: false, ops: 0, summary: { unchanged: 2 } });
  });

  it('a file with one bad row applies nothing and names the row, column and reason', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM ops')).rows[0].n;
    const bad = [
      ...CLUSTERS,
      ['new_one', '某集群', '正定县', '不存在的产业'],
      ['bad code!', '某集群二', '正定县', 'food'],
    ];
    const report = await run('clusters', bad);
    expect(report.applied).toBe(false);
    expect(report.summary).toMatchObject({ valid: 2, invalid: 2 });
    const issues = (n: number) => report.rows.find((r) => r.row === n)!.errors.map((e) => [e.field, e.column, e.code]);
    expect(issues(4)).toEqual([['industry', 'D', 'REF_NOT_FOUND']]);
    expect(issues(5)).toEqual([['code', 'A', 'BAD_FORMAT']]);
    expect(report.rows.find((r) => r.row === 5)!.errors[0]!.message.zh).toMatch(/集群代码/);
    expect((await pool.query('SELECT count(*)::int AS n FROM ops')).rows[0].n).toBe(before);
  });

  it('two rows with the same code are refused as a duplicate', async () => {
    const report = await run('industries', [...INDUSTRIES, ['food', '食品二', 3]]);
    expect(report.applied).toBe(false);
    expect(report.rows.find((r) => r.row === 4)).toMatchObject({
      status: 'invalid',
      errors: [expect.objectContaining({ code: 'DUPLICATE_CODE' })],
    });
  });

  it('the CLI: --dry-run --json exits 0 with the report; invalid rows exit 4 with the report and apply nothing', async () => {
    const good = path.join(work, `industries-${kind}.xlsx`);
    writeFileSync(good, xlsx(INDUSTRIES));
    const dry = await runCli(['import-reference', 'industries', good, '--dry-run', '--json'], {
      DATABASE_URL: database.url,
    });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, applied: false, summary: { rows: 2, valid: 2 } });

    const bad = path.join(work, `clusters-bad-${kind}.xlsx`);
    writeFileSync(bad, xlsx([...CLUSTERS, ['x', '某集群', '正定县', '不存在的产业']]));
    const refused = await runCli(['import-reference', 'clusters', bad, '--json'], { DATABASE_URL: database.url });
    expect(refused.code).toBe(4);
    const out = JSON.parse(refused.stdout);
    expect(out).toMatchObject({ ok: false, code: 'invalid-rows', report: { applied: false, summary: { invalid: 1 } } });
    const text = await runCli(['import-reference', 'clusters', bad], { DATABASE_URL: database.url });
    expect(text.code).toBe(4);
    expect(text.stdout).toContain('第 4 行');
    expect(text.stdout).toContain('REF_NOT_FOUND');
    expect(readFileSync(bad).length).toBeGreaterThan(0);

    const usage = await runCli(['import-reference', 'notices', good], { DATABASE_URL: database.url });
    expect(usage.code).toBe(2);
    await pool.end();
  });
});
