// export demands|visits and server-keys through the admin CLI (a child process), from the merged current state.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { databaseKinds, useTestDatabase } from '../../support/postgres';
import { runCli } from './cli';
import { INJECTION, seedCountyData } from './stats-seed';

vi.setConfig({ testTimeout: 120_000 });

const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sheet(file: string): { cells: XLSX.WorkSheet; rows: unknown[][] } {
  const book = XLSX.read(readFileSync(file));
  const cells = book.Sheets[book.SheetNames[0]!]!;
  return { cells, rows: XLSX.utils.sheet_to_json<unknown[]>(cells, { header: 1, blankrows: false }) };
}

describe.each(databaseKinds())('export and server-keys on %s PostgreSQL', (kind) => {
  const database = useTestDatabase(kind);
  let pool: Pool;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: database.url });

  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    await seedCountyData(pool);
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('export demands --county writes that county’s live demands, names for ids, and formulas neutralised', async () => {
    const out = path.join(work, `demands-${kind}.xlsx`);
    const run = await cli('export', 'demands', '--county', '130123', '--out', out, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ list: 'demands', county: '130123', rows: 2, out });
    const { cells, rows } = sheet(out);
    expect(rows[0]).toEqual(['企业技术需求清单']);
    expect(String(rows[1]![0])).toContain('正定县');
    const header = rows[2] as string[];
    expect(header.slice(0, 2)).toEqual(['序号', '县（市、区）']);
    const body = rows.slice(3);
    expect(body.map((r) => r[0])).toEqual([1, 2]);
    // Newest survey first (d2 of May before d1 of March); county shown by name; the enterprise's name from its record.
    expect(body.every((r) => r[1] === '正定县')).toBe(true);
    expect(body[0]).toContain('数控改造');
    expect(body[0]).toContain('正定机械厂');
    // The =HYPERLINK(...) demand and enterprise names are text starting with a quote, never a formula.
    const injected = Object.entries(cells).filter(
      ([ref, c]) =>
        !ref.startsWith('!') &&
        typeof (c as XLSX.CellObject).v === 'string' &&
        String((c as XLSX.CellObject).v).includes('HYPERLINK'),
    );
    expect(injected.length).toBe(2);
    for (const [, c] of injected) {
      const cell = c as XLSX.CellObject;
      expect(cell.f).toBeUndefined();
      expect(cell.t).toBe('s');
      expect(cell.v).toBe(`'${INJECTION}`);
    }
    expect(body.flat()).not.toContain('印染节水');
    expect(body.flat()).not.toContain('已删除');
  });

  it('export visits (whole province) lists every visit with commissioners by name', async () => {
    const out = path.join(work, `visits-${kind}.xlsx`);
    const run = await cli('export', 'visits', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4');
    const { rows } = sheet(out);
    expect(rows[0]).toEqual(['科技特派员服务台账']);
    const body = rows.slice(3);
    expect(body).toHaveLength(4);
    expect(body.flat().some((v) => typeof v === 'string' && v.includes('李明') && v.includes('张华'))).toBe(true);
    expect(body.flat()).toContain('高阳县');
  });

  it('refuses a list it does not know (exit 2) and a county outside Hebei (exit 4)', async () => {
    expect((await cli('export', 'enterprises', '--out', path.join(work, 'x.xlsx'))).code).toBe(2);
    const outside = await cli('export', 'demands', '--county', '110101', '--out', path.join(work, 'y.xlsx'), '--json');
    expect(outside.code).toBe(4);
    expect(JSON.parse(outside.stdout)).toMatchObject({ code: 'county-unknown' });
  });

  it('stats --level gives the same figures as GET /v1/admin/stats, as JSON and as text', async () => {
    const json = await cli('stats', '--level', 'county', '--code', '130123', '--period', '2026', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      scope: { name: '正定县' },
      demands: { total: 2, byStatus: { reported: 1, solved: 1 } },
      visits: { total: 2 },
    });
    const text = await cli('stats', '--level', 'cluster', '--code', 'zd_food', '--period', '2026');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('正定食品加工');
    expect(text.stdout).toContain('李明: 1 次');
    const unknown = await cli('stats', '--level', 'county', '--code', '110101', '--json');
    expect([unknown.code, JSON.parse(unknown.stdout).code]).toEqual([3, 'stats-scope-unknown']);
  });

  it('server-keys --out writes the same document as GET /v1/server-keys', async () => {
    const out = path.join(work, `keys-${kind}.json`);
    const run = await cli('server-keys', '--out', out);
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written).toEqual({ keys: await new ServerKeyring(pool).publicKeys() });
    expect(written.keys[0]).toMatchObject({ alg: 'Ed25519', current: true });
  });
});
