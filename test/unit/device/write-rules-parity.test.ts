// One set of write rules for every writer: the headless client's `add`/`update`/`import` and the UI's repositories
// refuse the same illegal status move, the same duplicate credit code and the same other-county record with the
// same code and the same message (both call shared/src/domain/write-rules).
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initDevice, openStore } from '../../../device/src/device-home';
import { writeBatch } from '../../../device/src/import-writes';
import { listRecords, LocalWriteError } from '../../../device/src/local-writes';
import { parseArgs } from '../../../device/src/cli/args';
import { runCommand } from '../../../device/src/cli/commands';
import { RepositoryError, type RecordRepository } from '../../../renderer/src/storage/repositories';
import { freshDb, repoOn } from '../renderer/storage/helpers';

const GAOYANG = '130628';
const ANPING = '131125';
const enterprise = { creditCode: '914403001922038216', name: '高阳县锦华纺织有限公司', county: GAOYANG };
const twin = { creditCode: '914403001922038216', name: '高阳县锦华毛巾厂', county: GAOYANG };
const other = { creditCode: '91350100M000100Y43', name: '高阳县三利毛纺有限公司', county: GAOYANG };
const demandOf = (enterpriseId: string) => ({
  enterprise: enterpriseId,
  name: '毛巾印染废水回用技术',
  problem: '印染废水处理成本高。',
  keywords: ['印染'],
  techField: 'resources_environment',
  county: GAOYANG,
});
const as = { operator: '王科员', scope: { level: 'county' as const, code: GAOYANG } };

let home: string;
let n = 0;

/** Runs the device command with `values` as its --json input file. */
async function deviceWith(values: unknown, ...args: string[]): Promise<Record<string, unknown>> {
  n += 1;
  const file = path.join(home, `input-${n}.json`);
  writeFileSync(file, JSON.stringify(values));
  return runCommand(parseArgs([...args, '--json', file, '--json', '--home', home]), home);
}

async function refusalOf(run: () => Promise<unknown>): Promise<{ code: string; zh: string; en: string }> {
  try {
    await run();
  } catch (e) {
    if (e instanceof LocalWriteError) return { code: e.code, zh: e.text.zh, en: e.text.en };
    if (e instanceof RepositoryError) {
      const text = 'text' in e ? (e.text as { zh: string; en: string }) : undefined;
      const transition = 'transition' in e ? (e.transition as { message: { zh: string; en: string } }) : undefined;
      const message = text ?? transition?.message;
      return { code: e.code, zh: message?.zh ?? e.message, en: message?.en ?? '' };
    }
    throw e;
  }
  throw new Error('the write was not refused');
}

function deviceRecords(entity: string): { id: string; values: Record<string, unknown> }[] {
  const store = openStore(home);
  try {
    return listRecords(store, entity);
  } finally {
    store.close();
  }
}

let repo: RecordRepository;

beforeEach(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'linkdesk-parity-'));
  await initDevice(home, GAOYANG, '王科员');
  repo = repoOn(freshDb());
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('every writer refuses the same write the same way', () => {
  it('an illegal status move (草稿 → 已解决): the CLI `update` and the UI give the same code and message', async () => {
    const ent = (await deviceWith(enterprise, 'add', 'enterprise')).id as string;
    const demandId = (await deviceWith(demandOf(ent), 'add', 'demand')).id as string;
    const cli = await refusalOf(() => deviceWith({ status: 'solved' }, 'update', 'demand', demandId));

    const uiEnt = await repo.save('enterprise', null, enterprise, as);
    const uiDemand = await repo.save('demand', null, demandOf(uiEnt.recordId), as);
    const ui = await refusalOf(() => repo.save('demand', uiDemand.recordId, { status: 'solved' }, as));

    expect(cli.code).toBe('TRANSITION');
    expect(cli.zh).toBe('「草稿」的需求不能直接改为「已解决」，只能改为「县级核实」、「退回」、「已关闭」');
    expect(ui).toEqual(cli);
    expect(deviceRecords('demand')[0]!.values.status).toBe('draft');
  });

  it('a legal move by the county office passes on both', async () => {
    const ent = (await deviceWith(enterprise, 'add', 'enterprise')).id as string;
    const demandId = (await deviceWith(demandOf(ent), 'add', 'demand')).id as string;
    expect(await deviceWith({ status: 'county_verified' }, 'update', 'demand', demandId)).toMatchObject({ ops: 1 });
    expect(deviceRecords('demand')[0]!.values.status).toBe('county_verified');
  });

  it('a duplicate credit code: `add` and `update` on the CLI and the UI give the same code and message', async () => {
    await deviceWith(enterprise, 'add', 'enterprise');
    const cliAdd = await refusalOf(() => deviceWith(twin, 'add', 'enterprise'));
    const second = (await deviceWith(other, 'add', 'enterprise')).id as string;
    // The credit code is normalised first (lower case, spaces), so a differently typed same code is caught too.
    const cliUpdate = await refusalOf(() =>
      deviceWith({ creditCode: ' 914403001922038216 ' }, 'update', 'enterprise', second),
    );

    await repo.save('enterprise', null, enterprise, as);
    const ui = await refusalOf(() => repo.save('enterprise', null, twin, as));

    expect(cliAdd.code).toBe('DUPLICATE');
    expect(cliAdd.zh).toBe(
      '统一社会信用代码「914403001922038216」已被「高阳县锦华纺织有限公司」使用，同一统一社会信用代码只能登记一次。',
    );
    expect(ui).toEqual(cliAdd);
    expect(cliUpdate).toEqual(cliAdd);
    expect(deviceRecords('enterprise').map((r) => r.values.creditCode)).toEqual([
      '914403001922038216',
      '91350100M000100Y43',
    ]);
  });

  it("another county's enterprise: a county office's CLI and UI both refuse it and name the county", async () => {
    const stray = { ...enterprise, county: ANPING, name: '安平县丝网制品有限公司' };
    const cli = await refusalOf(() => deviceWith(stray, 'add', 'enterprise'));
    const ui = await refusalOf(() => repo.save('enterprise', null, stray, as));
    expect(cli.code).toBe('OUT_OF_SCOPE');
    expect(cli.zh).toContain('安平县');
    expect(ui).toEqual(cli);
    expect(deviceRecords('enterprise')).toEqual([]);
  });

  it('the headless import checks the same rules: a batch holding an illegal move writes nothing', async () => {
    const ent = (await deviceWith(enterprise, 'add', 'enterprise')).id as string;
    const demandId = (await deviceWith(demandOf(ent), 'add', 'demand')).id as string;
    const store = openStore(home);
    try {
      let error: unknown;
      try {
        writeBatch(store, [
          {
            entity: 'enterprise',
            recordId: ent,
            action: 'update',
            values: { name: '高阳县锦华集团' },
            source: { kind: 'import', file: 'a.xlsx', row: 2 },
          },
          {
            entity: 'demand',
            recordId: demandId,
            action: 'update',
            values: { status: 'solved' },
            source: { kind: 'import', file: 'a.xlsx', row: 3 },
          },
        ]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LocalWriteError);
      expect((error as LocalWriteError).code).toBe('TRANSITION');
      expect((error as LocalWriteError).text.zh).toContain('第 3 行：「草稿」的需求不能直接改为「已解决」');
    } finally {
      store.close();
    }
    expect(deviceRecords('enterprise')[0]!.values.name).toBe(enterprise.name);
  });
});
