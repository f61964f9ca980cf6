// Importing a 10,000-row 企业技术需求调查表 end to end, through the app's own code: the renderer's import job
// (SheetJS read, header detection, cleaning, validation, dry-run plan against the stored records) and the commit
// through the repositories' batch write (records + outbox + op log in one Dexie transaction) — run in Node over
// fake-indexeddb. Floor, measured in the same run on the same IndexedDB: the raw SheetJS parse of the same bytes
// (XLSX.read + sheet_to_json) plus one Dexie bulkPut of the same rows. Peak memory: RSS sampled every 20 ms.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import * as XLSX from 'xlsx';
import { computeCheckChar } from '@shared/domain';
import { templateWorkbook } from '@shared/spreadsheet';
import { commitPlan } from '../../renderer/src/spreadsheet/commit';
import { runImportJob } from '../../renderer/src/spreadsheet/import-job';
import { loadKnownRecords } from '../../renderer/src/spreadsheet/known-records';
import { LinkDeskDb } from '../../renderer/src/storage/db';
import { createRepositories, setRepositories } from '../../renderer/src/storage/repositories';
import { entry, type BenchEntry } from './types';

const ROWS = 10_000;
const FILE = 'survey-10k.xlsx';

function code(n: number): string {
  const first = `91130628${String(n).padStart(9, '0')}`;
  return first + computeCheckChar(first);
}

/** The app's own template (title, date line, header, example row) with 10,000 rows filled under it. */
function surveyBytes(): Uint8Array {
  const book = XLSX.read(templateWorkbook('demandSurvey'));
  const sheet = book.Sheets['调查表']!;
  const header = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 })[2] as string[];
  const fields = ['现代农业', '电子信息', '新材料', '生物医药', '节能环保'];
  const rows: unknown[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const e = Math.floor(i / 2); // two demands per enterprise: merging by credit code is part of the work
    const v: Record<string, unknown> = {
      序号: i + 1,
      '*企业名称': `河北高阳第${e}科技有限公司`,
      '*统一社会信用代码': code(e),
      联系人: `联系人${e}`,
      联系电话: `138${String(e).padStart(8, '0')}`,
      '*需求名称': `技术需求${i}：设备智能化改造`,
      '*主要问题': `生产线第${i}号工序依赖人工，效率低、能耗高，需要改造。`,
      技术关键: '多传感器融合与闭环控制',
      '*关键词': '智能制造、节能',
      '*技术领域': fields[i % fields.length],
      '拟投入自有资金（万元）': i % 3 === 0 ? `${(i % 90) + 10}万元` : (i % 90) + 10,
      合作方式: '合作开发、技术服务',
      目前技术成熟度: (i % 4) + 2,
      目标技术成熟度: (i % 4) + 5,
      调查日期: i % 2 === 0 ? '2025年3月5日' : 45721,
      '*所属县（市、区）': '高阳县',
    };
    rows.push(header.map((h) => v[h] ?? null));
  }
  XLSX.utils.sheet_add_aoa(sheet, rows, { origin: { r: 4, c: 0 } });
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** Peak RSS while fn runs (sampled; the final reading is included). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peak: number; before: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - start;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peak, before };
  } finally {
    clearInterval(timer);
  }
}

let dbs = 0;
function freshRepositories(): void {
  setRepositories(createRepositories(new LinkDeskDb(`bench-import-${process.pid}-${++dbs}`)));
}

async function importEndToEnd(bytes: Uint8Array): Promise<{ planMs: number; commitMs: number; records: number }> {
  const t0 = performance.now();
  const result = runImportJob({ bytes, fileName: FILE, entity: 'demand', known: await loadKnownRecords() });
  if (!result.ok) throw new Error(result.error.code);
  if (result.plan.summary.valid !== ROWS)
    throw new Error(
      `expected ${ROWS} valid rows, got ${result.plan.summary.valid} (${JSON.stringify(result.plan.rows.find((r) => r.status === 'invalid')?.errors)})`,
    );
  const t1 = performance.now();
  const done = await commitPlan(result.plan, '基准测试');
  const t2 = performance.now();
  return { planMs: t1 - t0, commitMs: t2 - t1, records: Object.values(done.written).reduce((n, c) => n + c, 0) };
}

async function floorRun(bytes: Uint8Array): Promise<number> {
  const db = new Dexie(`bench-import-floor-${process.pid}-${++dbs}`);
  db.version(1).stores({ rows: '++id' });
  await db.open();
  const start = performance.now();
  const book = XLSX.read(bytes, { type: 'array', dense: true });
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['调查表']!, { range: 2 });
  await db.table('rows').bulkPut(rows);
  const ms = performance.now() - start;
  db.close();
  return ms;
}

export default async function bench(): Promise<BenchEntry[]> {
  const bytes = surveyBytes();
  await floorRun(bytes); // warm SheetJS and Dexie
  const floor = await floorRun(bytes);

  freshRepositories();
  const run = await withPeakRss(() => importEndToEnd(bytes));
  const { planMs, commitMs, records } = run.value;
  if (records !== ROWS + ROWS / 2) throw new Error(`expected ${ROWS + ROWS / 2} records written, got ${records}`);

  // The same file again: planned against the 15,000 stored records, nothing to write.
  const again = await withPeakRss(async () => {
    const result = runImportJob({ bytes, fileName: FILE, entity: 'demand', known: await loadKnownRecords() });
    if (!result.ok || result.plan.records.some((r) => r.action !== 'unchanged'))
      throw new Error('re-import changed something');
  });

  return [
    entry(
      'import: 10k-row survey end to end (parse, validate, dry run, commit via saveMany into Dexie)',
      run.ms,
      'ms',
      floor,
    ),
    entry('import: parse + validate + dry run of 10k rows', planMs, 'ms'),
    entry(
      'import: commit 15k records (5k enterprises + 10k demands) in one saveMany transaction per entity',
      commitMs,
      'ms',
    ),
    entry('import: rows per second end to end', (ROWS / run.ms) * 1000, 'rows/s'),
    entry('import: peak RSS during the import', run.peak / 2 ** 20, 'MiB'),
    entry('import: RSS growth at peak over the start of the import', (run.peak - run.before) / 2 ** 20, 'MiB'),
    entry('import: re-import of the same file against 15k stored records (no change)', again.ms, 'ms', floor),
  ];
}
