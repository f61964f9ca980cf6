// The renderer's import path without the UI: plan in the non-worker fallback (jsdom has no Worker),
// commit through the repositories' batch write, and plan the same file again.
// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFileResult } from '@shared/spreadsheet';
import { commitPlan } from '../../../../renderer/src/spreadsheet/commit';
import { planImportFile } from '../../../../renderer/src/spreadsheet/import-client';
import type { ImportProgress } from '../../../../renderer/src/spreadsheet/import-job';
import { loadKnownRecords } from '../../../../renderer/src/spreadsheet/known-records';
import { valuesOf } from '../../../../renderer/src/storage/repositories';
import { freshApp } from '../dom-setup';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/spreadsheets');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

async function plan(
  name: string,
  bytes = fixture(name),
  progress: ImportProgress[] = [],
): Promise<Extract<ImportFileResult, { ok: true }>> {
  const result = await planImportFile(
    { bytes, fileName: name, entity: 'demand', known: await loadKnownRecords() },
    (p) => progress.push(p),
  );
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.zh}`);
  return result;
}

describe('import through the repositories', () => {
  it('reports progress through every stage of the planning job', async () => {
    freshApp();
    const progress: ImportProgress[] = [];
    await plan('survey.xlsx', undefined, progress);
    expect(progress.map((p) => p.stage)).toEqual(['read', 'map', 'rows', 'plan', 'plan']);
    expect(progress.at(-1)!.fraction).toBe(1);
  });

  it('commits every valid row as ordinary outbox ops from the file; a re-import plans no change', async () => {
    const { repos, db } = freshApp();
    const first = await plan('survey.xlsx');
    expect(first.plan.summary).toMatchObject({
      valid: 7,
      invalid: 4,
      byEntity: { enterprise: { create: 6 }, demand: { create: 7 } },
    });
    const done = await commitPlan(first.plan, '王科员');
    expect(done.written).toEqual({ enterprise: 6, demand: 7 });

    const demands = await repos.records.list('demand');
    expect(demands.map((d) => valuesOf(d).name).sort()).toEqual(
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
    // each demand points at the enterprise its row described
    const enterprises = new Map((await repos.records.list('enterprise')).map((e) => [e.recordId, valuesOf(e)]));
    for (const d of demands) expect(enterprises.has(String(valuesOf(d).enterprise))).toBe(true);

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(done.ops);
    for (const row of outbox) {
      expect(row.op.source).toMatchObject({ kind: 'import', file: 'survey.xlsx' });
      expect(row.op.operator).toBe('王科员');
    }
    const history = await repos.records.history('demand', demands[0]!.recordId);
    expect(history.length).toBeGreaterThan(0);

    const again = await plan('survey.xlsx');
    expect(again.plan.summary.byEntity).toEqual({
      enterprise: { create: 0, update: 0, unchanged: 6 },
      demand: { create: 0, update: 0, unchanged: 7 },
    });
    const none = await commitPlan(again.plan, '王科员');
    expect(none.ops).toBe(0);
    expect(await db.outbox.count()).toBe(done.ops);
  });

  it('a file that is not a spreadsheet is refused with its code, before anything is planned', async () => {
    freshApp();
    const result = await planImportFile({
      bytes: fixture('text-renamed.xlsx'),
      fileName: 'text-renamed.xlsx',
      entity: 'demand',
      known: [],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_SPREADSHEET' } });
  });
});
