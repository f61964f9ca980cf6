// Importing a 10,000-row 企业技术需求调查表 (the template's layout: title, date line, header, rows of enterprise +
// demand): read, header detection, cleaning, validation and the dry-run plan, against the raw SheetJS parse of the
// same bytes (XLSX.read + sheet_to_json) as the floor. Then the re-import (all unchanged) and peak memory.
// The commit itself (ops into the outbox, Dexie bulkPut) belongs to the repository write path and is benched there.
import * as XLSX from 'xlsx';
import { computeCheckChar } from '@shared/domain';
import { applyPlanForBench, importFile, lookupFromRecords, type ImportPlan } from './spreadsheet-bench-support';
import { entry, medianMs, type BenchEntry } from './types';

const ROWS = 10_000;
const COUNTY = '130628';

function code(n: number): string {
  const first = `91130628${String(n).padStart(9, '0')}`;
  return first + computeCheckChar(first);
}

function surveyBytes(): Uint8Array {
  const header = [
    '序号',
    '*企业名称',
    '统一社会信用代码',
    '联系人',
    '联系电话',
    '*需求名称',
    '*主要问题',
    '技术关键',
    '预期目标',
    '*关键词',
    '*技术领域',
    '拟投入自有资金（万元）',
    '解决方式',
    '合作方式',
    '目前技术成熟度',
    '目标技术成熟度',
    '*所属县（市、区）',
    '调查日期',
  ];
  const fields = ['现代农业', '电子信息', '新材料', '生物医药', '节能环保'];
  const rows: unknown[][] = [['企业技术需求调查表'], ['填报日期：2025年3月5日'], header];
  for (let i = 0; i < ROWS; i++) {
    const e = Math.floor(i / 2); // two demands per enterprise: deduplication is part of the work
    rows.push([
      i + 1,
      `河北高阳第${e}科技有限公司`,
      code(e),
      `联系人${e}`,
      `138${String(e).padStart(8, '0')}`,
      `技术需求${i}：设备智能化改造`,
      `生产线第${i}号工序依赖人工，效率低、能耗高，需要改造。`.repeat(2),
      '多传感器融合与闭环控制',
      '效率提高 30%，能耗降低 15%',
      '智能制造、节能',
      fields[i % fields.length],
      i % 3 === 0 ? `${(i % 90) + 10}万元` : (i % 90) + 10,
      i % 2 === 0 ? '合作开发' : '委托研发',
      '合作开发、技术服务',
      (i % 4) + 2,
      (i % 4) + 5,
      '高阳县',
      i % 2 === 0 ? '2025年3月5日' : 45721,
    ]);
  }
  const book = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(rows), '调查表');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

function plan(bytes: Uint8Array, existing = lookupFromRecords([])): ImportPlan {
  let n = 0;
  const r = importFile({
    bytes,
    fileName: 'survey-10k.xlsx',
    entity: 'demand',
    existing,
    newId: () => `id-${++n}`,
    defaults: { county: COUNTY },
  });
  if (!r.ok) throw new Error(r.error.code);
  if (r.plan.summary.valid !== ROWS) throw new Error(`expected ${ROWS} valid rows, got ${r.plan.summary.valid}`);
  return r.plan;
}

export default async function bench(): Promise<BenchEntry[]> {
  const bytes = surveyBytes();
  const floor = await medianMs(
    () => XLSX.utils.sheet_to_json(XLSX.read(bytes, { type: 'array', dense: true }).Sheets['调查表']!, { header: 1 }),
    3,
  );

  const before = process.memoryUsage();
  let first: ImportPlan | null = null;
  const importMs = await medianMs(() => {
    first = plan(bytes);
  }, 3);
  const after = process.memoryUsage();

  const store = applyPlanForBench(first!);
  const existing = lookupFromRecords(store);
  const reimportMs = await medianMs(() => {
    const p = plan(bytes, existing);
    if (p.records.some((r) => r.action !== 'unchanged')) throw new Error('re-import changed something');
  }, 3);

  return [
    entry('spreadsheet: import 10k-row survey (read+map+clean+validate+dry run)', importMs, 'ms', floor),
    entry('spreadsheet: re-import 10k rows against 15k existing records (all unchanged)', reimportMs, 'ms', floor),
    entry('spreadsheet: import rows per second', (ROWS / importMs) * 1000, 'rows/s'),
    entry('spreadsheet: import RSS growth (3 runs, plan retained)', (after.rss - before.rss) / 2 ** 20, 'MiB'),
    entry('spreadsheet: import heapUsed growth (plan retained)', (after.heapUsed - before.heapUsed) / 2 ** 20, 'MiB'),
    entry('spreadsheet: file size of the 10k-row workbook', bytes.byteLength / 1024, 'KiB'),
  ];
}
