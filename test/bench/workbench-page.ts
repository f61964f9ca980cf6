// Bundled by workbench.bench.ts (esbuild, IIFE) and evaluated in the running app's page: the app's own
// repositories module on the app's own IndexedDB database, so the shipped app carries no bench hook.
import { LinkDeskDb } from '../../renderer/src/storage/db';
import { createRepositories } from '../../renderer/src/storage/repositories';

const CLUSTERS = ['cl-steel', 'cl-materials', 'cl-food', 'cl-equipment'];
const FIELDS = ['electronic_info', 'new_materials', 'biotech_pharma', 'opto_mechatronics'];

function demand(i: number, enterprise: string): Record<string, string | string[]> {
  return {
    enterprise,
    name: `需求${i} ${['耐高温材料', '节能改造', '检测方法', '工艺优化'][i % 4]}`,
    problem: `第 ${i} 号企业生产中遇到的技术问题`,
    keywords: ['技术', `k${i % 97}`],
    techField: FIELDS[i % FIELDS.length]!,
    county: '130123',
    cluster: CLUSTERS[i % CLUSTERS.length]!,
  };
}

/** Writes `count` demands with the repositories' batch write (`saveMany`, `batch` per call: one transaction each). */
async function seedThroughRepositories(count: number, batch = 2000): Promise<number> {
  const db = new LinkDeskDb();
  const repos = createRepositories(db);
  await repos.operators.add('基准测试');
  const enterprise = await repos.records.save(
    'enterprise',
    null,
    { creditCode: '91350100M000100Y43', name: '基准企业', county: '130123' },
    { operator: '基准测试' },
  );
  const options = { operator: '基准测试', source: { kind: 'import' as const, file: 'bench.xlsx' } };
  const start = performance.now();
  for (let from = 0; from < count; from += batch) {
    const items = [];
    for (let i = from; i < Math.min(count, from + batch); i++)
      items.push({ recordId: null, changes: demand(i, enterprise.recordId) });
    await repos.records.saveMany('demand', items, options);
  }
  const ms = performance.now() - start;
  db.close();
  return ms;
}

/**
 * Fills the database up to `total` demands with copies of the rows the repositories wrote (new record ids),
 * when LINKDESK_BENCH_WRITTEN asks for fewer than 100k writes (a quicker run); none by default.
 */
async function fillWithCopies(total: number): Promise<number> {
  const db = new LinkDeskDb();
  const rows = await db.records.where('entity').equals('demand').toArray();
  const copies = [];
  if (rows.length === 0) throw new Error('no demands were written');
  for (let k = rows.length; k < total; k++) {
    const row = rows[k % rows.length]!;
    copies.push({ ...row, recordId: `${row.recordId.slice(0, 24)}${k.toString(16).padStart(12, '0')}` });
  }
  for (let from = 0; from < copies.length; from += 10_000) await db.records.bulkPut(copies.slice(from, from + 10_000));
  const count = await db.records.where('entity').equals('demand').count();
  db.close();
  return count;
}

/** The floor: the same record rows written with raw Dexie bulkPut into an empty database of the same schema. */
async function rawBulkPutFloor(): Promise<{ ms: number; rows: number }> {
  const db = new LinkDeskDb();
  const rows = await db.records.where('entity').equals('demand').toArray();
  db.close();
  const floor = new LinkDeskDb('linkdesk-bench-floor');
  await floor.open();
  const start = performance.now();
  for (let from = 0; from < rows.length; from += 10_000) await floor.records.bulkPut(rows.slice(from, from + 10_000));
  const ms = performance.now() - start;
  await floor.delete();
  return { ms, rows: rows.length };
}

/**
 * Types into the demands search box as a user would (one value per keystroke) and measures, per keystroke,
 * from the input event to the first frame painted after the list shows the new result count.
 */
async function keystrokesToList(): Promise<number[]> {
  const box = document.querySelector('[data-testid="search-input"]');
  const input = box instanceof HTMLInputElement ? box : box?.querySelector('input');
  if (!input) throw new Error('search box not found');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const listState = (): string =>
    `${document.querySelector('[data-testid="record-count"]')?.textContent ?? ''}|${document.querySelector('[data-testid="record-row"]')?.getAttribute('data-record-id') ?? 'none'}`;
  // each term selects another quarter of the seeded demands (by name), so every keystroke changes the list
  const terms = Array.from({ length: 20 }, (_, k) => ['耐', '节', '检', '工'][k % 4]!);
  const times: number[] = [];
  for (const term of terms) {
    const before = listState();
    const t0 = performance.now();
    setValue.call(input, term);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise<void>((resolve, reject) => {
      const poll = (): void => {
        if (listState() !== before) requestAnimationFrame(() => resolve());
        else if (performance.now() - t0 > 5000) reject(new Error(`the list did not change for "${term}"`));
        else requestAnimationFrame(poll);
      };
      poll();
    });
    times.push(performance.now() - t0);
  }
  return times;
}

(globalThis as Record<string, unknown>).__linkdeskWorkbenchBench = {
  seedThroughRepositories,
  rawBulkPutFloor,
  fillWithCopies,
  keystrokesToList,
};
