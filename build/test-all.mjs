#!/usr/bin/env node
// `npm test`: type check, lint, unit + integration (vitest), e2e (Playwright in Chromium).
// Every stage runs even when an earlier one fails, so one run shows everything that is wrong.
// It ends with one line `tests: N passed, M failed`; a skipped test counts as a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
// Run by tsx, so the one Chromium finder (electron/src/browser-shell/chromium.ts) serves here too.
import { CHROMIUM_MISSING, findChromium } from '../electron/src/browser-shell/chromium.ts';

const results = 'test-results';
mkdirSync(results, { recursive: true });
for (const f of ['vitest.json', 'e2e.json']) rmSync(`${results}/${f}`, { force: true });

const failures = [];
const stage = (name, cmd, args, env = {}) => {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failures.push(`${name} (exit ${r.status ?? r.signal})`);
    console.log(`✖ ${name} failed after ${secs}s`);
  } else console.log(`✔ ${name} passed in ${secs}s`);
};

const chromium = findChromium();
if (!chromium) {
  failures.push(`prerequisite: ${CHROMIUM_MISSING}`);
  console.error(`✖ ${failures.at(-1)}`);
}

stage('type check', 'npx', ['tsc', '-b']);
stage('lint', 'npm', ['run', 'lint']);
stage('unit + integration', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/vitest.json`,
]);
if (chromium) stage('e2e', 'npm', ['run', 'test:e2e'], { CHROME_PATH: chromium });

let passed = 0;
let failed = 0;
const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const vitest = readJson(`${results}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that fails outside any test (setup, teardown) has no failed test but still failed.
  failed += vitest.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  const skipped = vitest.numPendingTests + vitest.numTodoTests;
  if (skipped > 0) failures.push(`${skipped} vitest test(s) skipped or todo — a skipped test proves nothing`);
} else failures.push('vitest wrote no results');
const e2e = readJson(`${results}/e2e.json`);
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  if (e2e.stats.skipped > 0) failures.push(`${e2e.stats.skipped} e2e test(s) skipped`);
} else if (chromium) failures.push('Playwright wrote no results');

console.log('');
for (const f of failures) console.log(`✖ ${f}`);
// A failed check that is not a test (prerequisite, type check, lint, skipped tests) counts as one failure.
const checkFailures = failures.filter((f) => !/^(unit \+ integration|e2e) \(exit/.test(f)).length;
console.log(`tests: ${passed} passed, ${failed + checkFailures} failed`);
process.exit(failures.length || failed ? 1 : 0);
