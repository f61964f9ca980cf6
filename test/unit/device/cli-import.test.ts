// `npm run device -- import FILE [--entity E] [--dry-run] --json`: the headless import over the LibreOffice fixtures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, initDevice } from '../../../device/src/device-home';
import { listRecords } from '../../../device/src/local-writes';
import * as XLSX from 'xlsx';
import { parseArgs, UsageError } from '../../../device/src/cli/args';
import { CliError, runCommand } from '../../../device/src/cli/commands';

const FIXTURES = path.resolve(__dirname, '../../fixtures/spreadsheets');
const ROOT = path.resolve(__dirname, '../../..');
const GAOYANG = '130628';
let home: string;

async function device(...args: string[]): Promise<Record<string, unknown>> {
  return runCommand(parseArgs([...args, '--json', '--home', home]), home);
}

function records(entity: string): { values: Record<string, unknown> }[] {
  const store = openStore(home);
  try {
    return listRecords(store, entity);
  } finally {
    store.close();
  }
}

beforeEach(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'linkdesk-import-'));
  await initDevice(home, GAOYANG, '王科员');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('device import', () => {
  it("rows of other counties are listed as other county, counted per county, and only this county's rows are written", async () => {
    const lines = readFileSync(path.join(FIXTURES, 'survey-utf8.csv'), 'utf8').split('\n');
    lines[12] = lines[12]!.replace(',高阳县,', ',安平县,'); // sheet row 12 (a header cell holds a line break)
    const file = path.join(home, 'mixed.csv');
    writeFileSync(file, lines.join('\n'));
    const out = await device('import', file);
    expect(out.counts).toMatchObject({ valid: 6, invalid: 4, otherCounty: 1 });
    expect(out.otherCounties).toEqual([{ county: '131125', name: '安平县', rows: 1 }]);
    expect((out.rows as { row: number; status: string; county?: string }[]).find((r) => r.row === 12)).toMatchObject({
      status: 'other_county',
      county: '131125',
    });
    expect(records('demand')).toHaveLength(6);
    expect(records('enterprise').every((r) => r.values.county === GAOYANG)).toBe(true);
  });

  it('--dry-run reports every row (valid, invalid with per-field reasons) and writes nothing', async () => {
    const out = await device('import', path.join(FIXTURES, 'survey.xlsx'), '--dry-run');
    expect(out.counts).toEqual({
      rows: 11,
      valid: 7,
      invalid: 4,
      examples: 1,
      otherCounty: 0,
      created: 13,
      updated: 0,
      unchanged: 0,
    });
    expect(out.byEntity).toEqual({
      enterprise: { create: 6, update: 0, unchanged: 0 },
      demand: { create: 7, update: 0, unchanged: 0 },
    });
    const invalid = (
      out.rows as {
        row: number;
        status: string;
        errors: { field: string; column: string; code: string; message: { zh: string } }[];
      }[]
    ).filter((r) => r.status === 'invalid');
    expect(invalid.map((r) => [r.row, r.errors.map((e) => `${e.column} ${e.field} ${e.code}`)])).toEqual([
      [9, ['C enterprise.creditCode CREDIT_CODE_CHECK']],
      [10, ['B enterprise.name REQUIRED']],
      [11, ['O demand.currentTrl OUT_OF_RANGE']],
      [14, ['M demand.budget CHINESE_NUMERAL']],
    ]);
    expect(invalid.find((r) => r.row === 10)!.errors[0]!.message.zh).toBe('「企业名称」必须填写');
    expect(out.ops).toBe(0);
    expect(records('demand')).toHaveLength(0);
    expect(records('enterprise')).toHaveLength(0);
  });

  it('a commit writes every valid row as outbox ops naming the file; re-importing the same file changes nothing', async () => {
    const first = await device('import', path.join(FIXTURES, 'survey.xlsx'));
    expect(first).toMatchObject({ committed: true, counts: { valid: 7, invalid: 4, created: 13 } });
    expect(
      records('demand')
        .map((r) => r.values.name)
        .sort(),
    ).toEqual(
      [
        '农机智能化',
        '废水处理工艺改进',
        '新型复合材料配方',
        '智能温室控制系统研发',
        '温室传感器低功耗设计',
        '节水灌溉',
        '食品保鲜工艺',
      ].sort(),
    );
    expect(records('enterprise')).toHaveLength(6);
    const store = openStore(home);
    const ops = await store.unsealedOps();
    store.close();
    expect(ops.length).toBe(first.ops);
    expect(new Set(ops.map((o) => o.entity))).toEqual(new Set(['enterprise', 'demand']));
    for (const op of ops) expect(op.source).toMatchObject({ kind: 'import', file: 'survey.xlsx' });
    expect(
      ops.find((o) => o.entity === 'demand' && o.field === 'name' && o.value === '废水处理工艺改进')!.source,
    ).toEqual({ kind: 'import', file: 'survey.xlsx', row: 7 });

    const again = await device('import', path.join(FIXTURES, 'survey.xlsx'));
    expect(again).toMatchObject({
      committed: false,
      ops: 0,
      counts: { valid: 7, created: 0, updated: 0, unchanged: 13 },
    });
    const after = openStore(home);
    expect((await after.unsealedOps()).length).toBe(first.ops);
    after.close();
  });

  it.each(['survey.xls', 'survey-gbk.csv', 'survey-utf8-bom.csv'])(
    '%s plans the same rows as the xlsx',
    async (name) => {
      const out = await device('import', path.join(FIXTURES, name), '--dry-run');
      expect(out.counts).toMatchObject({ rows: 11, valid: 7, invalid: 4, created: 13 });
    },
  );

  it.each([
    ['text-renamed.xlsx', 'NOT_A_SPREADSHEET', '不是有效的 Excel 表格'],
    ['encrypted.xlsx', 'ENCRYPTED', '设置了打开密码'],
    ['empty.xlsx', 'EMPTY', '没有可导入的数据'],
    ['zip-bomb.xlsx', 'ZIP_BOMB', '可能是恶意文件'],
    ['million-rows.xlsx', 'TOO_MANY_ROWS', '超过单次导入上限'],
  ])('%s is refused with %s and nothing is written', async (name, code, zh) => {
    const refused = await device('import', path.join(FIXTURES, name)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CliError);
    expect(refused).toMatchObject({ exitCode: 4, code });
    expect((refused as CliError).text.zh).toContain(zh);
    expect(records('demand')).toHaveLength(0);
  });

  it('the command line exits non-zero with the code in its JSON when the file is refused', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'device/src/cli/main.ts',
        'import',
        path.join(FIXTURES, 'text-renamed.xlsx'),
        '--json',
        '--home',
        home,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(4);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ ok: false, code: 'NOT_A_SPREADSHEET' });
  });

  it('an unknown --entity is a usage problem, not a guess', async () => {
    const out = await device('import', path.join(FIXTURES, 'survey.xlsx'), '--entity', 'nothing').then(
      () => null,
      (e: unknown) => e,
    );
    expect(out).toMatchObject({ code: 'UNKNOWN_ENTITY' });
  });

  describe('a survey lacking the 技术领域 column', () => {
    /** The survey fixture without its 技术领域 column, written into the device home. */
    function surveyWithoutTechField(): string {
      const wb = XLSX.read(readFileSync(path.join(FIXTURES, 'survey-utf8.csv'), 'utf8'), { type: 'string', raw: true });
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, {
        header: 1,
        raw: true,
        defval: '',
      });
      const at = aoa[2]!.indexOf('技术领域');
      const file = path.join(home, '无技术领域.xlsx');
      const book = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(aoa.map((r) => r.filter((_, i) => i !== at))), 'S');
      writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
      return file;
    }

    it('imports its good rows as drafts marked 待补全, the gap named in the report', async () => {
      const out = await device('import', surveyWithoutTechField());
      expect(out.gaps).toEqual([
        { field: 'demand.techField', message: expect.objectContaining({ zh: expect.stringContaining('技术领域') }) },
      ]);
      expect(out.committed).toBe(true);
      const demands = records('demand');
      expect(demands).toHaveLength(7);
      expect(demands.every((d) => d.values.status === 'draft' && d.values.techField === undefined)).toBe(true);
    });

    it('--set 技术领域=新材料 fills every row (by label or by field name)', async () => {
      const out = await device('import', surveyWithoutTechField(), '--set', '技术领域=新材料');
      expect(out.gaps).toEqual([]);
      expect(new Set(records('demand').map((d) => d.values.techField))).toEqual(new Set(['new_materials']));
      const dry = await device('import', surveyWithoutTechField(), '--set', 'techField=新材料', '--dry-run');
      expect(dry.counts).toMatchObject({ created: 0, unchanged: 13 });
    });

    it('--set of a field the entity does not have is a usage problem naming it', async () => {
      const out = await device('import', surveyWithoutTechField(), '--set', '颜色=红').then(
        () => null,
        (e: unknown) => e,
      );
      expect(out).toBeInstanceOf(UsageError);
      expect((out as Error).message).toContain('颜色');
      expect(records('demand')).toHaveLength(0);
    });
  });
});
