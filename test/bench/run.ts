// `npm run bench [-- name-filter]`: runs every test/bench/*.bench.ts in its own process (so heap figures
// and JIT state do not leak between benchmarks), prints one table and writes .bench/results.json.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchEntry } from './types';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

// The app benches load dist/: build it from the current source first, so no figure measures a stale bundle.
process.stderr.write('… npm run build\n');
if (
  spawnSync('npm', ['run', 'build'], { cwd: join(dir, '../..'), stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0
)
  throw new Error('npm run build failed');

const all: BenchEntry[] = [];
const failed: string[] = [];
for (const file of files) {
  process.stderr.write(`… ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'run-one.ts'), join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (r.status !== 0 || !line) {
    failed.push(file);
    continue;
  }
  all.push(...(JSON.parse(line.slice('BENCH_RESULT '.length)) as BenchEntry[]));
}

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/results.json', JSON.stringify(all, null, 2) + '\n');

const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toPrecision(3));
const rows = all.map((e) => [
  e.name,
  fmt(e.value),
  e.unit,
  fmt(e.floor),
  e.ratio === undefined ? '' : `${fmt(e.ratio)}×`,
]);
const head = ['benchmark', 'value', 'unit', 'floor', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const print = (r: string[]) =>
  console.log(r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
print(head);
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
rows.forEach(print);
console.log(`\n${all.length} figures from ${files.length - failed.length} benchmark files → .bench/results.json`);
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
