// Issue 6 acceptance, in Chromium through the browser shell: a device enrolled with a code from the provincial
// server records an enterprise and a demand offline, exports the pending package to a file (USB), and the province
// imports that file with `npm run admin -- import-package` and finds the demand in `npm run admin -- export demands`;
// the server holds the device's records, and a later
// online sync (the host's syncHttp) only collects the receipts.
// The server runs for this test on embedded PostgreSQL in a temporary DATA_DIR.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import * as XLSX from 'xlsx';
import { E2E_TOKEN } from '../../playwright.config';
import { choose, newRecord, open, pickCounty, save } from './support/app';

const run = promisify(execFile);
const RUN = String(Date.now() % 1_000_000);
const ENTERPRISE = `高阳县纺织科技有限公司${RUN}`;
const DEMAND = `毛巾印染节水工艺${RUN}`;
const OPERATOR = `赵科员${RUN}`;

let server: ChildProcess | null = null;
let serverUrl = '';
const serverEnv: NodeJS.ProcessEnv = { ...process.env };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

async function admin(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('npx', ['tsx', 'server/src/admin/cli.ts', ...args, '--json'], {
    env: serverEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  serverEnv.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'linkdesk-e2e-server-'));
  serverEnv.PORT = String(await freePort());
  serverEnv.ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
  // Always a throwaway embedded cluster: the system PostgreSQL's test role may not create objects in a shared database.
  delete serverEnv.DATABASE_URL;
  serverUrl = `http://127.0.0.1:${serverEnv.PORT}`;
  // One process (no npx/tsx wrapper), so SIGTERM reaches the server, which stops its PostgreSQL cluster.
  server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; ; i++) {
    const ok = await fetch(`${serverUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (server.exitCode !== null || i > 150)
      throw new Error(`the provincial server did not start on embedded PostgreSQL:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const stopped = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await stopped;
});

test('a demand recorded offline reaches the province on a USB file imported with admin import-package', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { code } = (await admin('enroll-code', '--county', '130628')) as { code: string };
  expect(code).toBeTruthy();

  await page.goto(`/#token=${E2E_TOKEN}`);
  await open(page, 'settings');
  await page.getByTestId('operator-name-input').fill(OPERATOR);
  await page.getByTestId('operator-add').click();
  await expect(page.getByTestId('operator-select')).toContainText(OPERATOR);

  await test.step('enrol the device with the code (the host talks to the server)', async () => {
    await open(page, 'sync');
    await expect(page.getByTestId('sync-keystore-warning')).toBeVisible();
    await page.getByTestId('sync-enrol-url').fill(serverUrl);
    await page.getByTestId('sync-enrol-code').fill(code);
    await page.getByTestId('sync-enrol-submit').click();
    await expect(page.getByTestId('sync-device')).toContainText('130628');
  });

  await test.step('record an enterprise and its demand offline', async () => {
    await newRecord(page, 'enterprises');
    await page.getByTestId('field-creditCode').fill('91350100M000100Y43');
    await page.getByTestId('field-name').fill(ENTERPRISE);
    await pickCounty(page, '保定市', '高阳县');
    await save(page);
    await newRecord(page, 'demands');
    await choose(page, 'field-enterprise', ENTERPRISE);
    await pickCounty(page, '保定市', '高阳县');
    await page.getByTestId('field-name').fill(DEMAND);
    await page.getByTestId('field-problem').fill('毛巾印染用水量大，需要节水工艺。');
    await page.getByTestId('field-keywords').locator('input').fill('节水');
    await page.keyboard.press('Enter');
    await choose(page, 'field-techField', '新材料');
    await save(page);
  });

  const exportsDir = path.join(process.env.LINKDESK_E2E_HOME!, 'exports');
  let files: string[] = [];
  await test.step('export the pending package to a file', async () => {
    await open(page, 'sync');
    await expect(page.getByTestId('sync-pending-demand')).toBeVisible();
    await page.getByTestId('sync-export').click();
    await expect(page.getByTestId('sync-usb-result')).toContainText('已导出');
    files = readdirSync(exportsDir)
      .filter((f) => f.endsWith('.ldpkg'))
      .map((f) => path.join(exportsDir, f));
    expect(files.length).toBeGreaterThan(0);
  });

  await test.step('the province imports the file; importing it again applies nothing twice', async () => {
    for (const file of files.sort()) expect((await admin('import-package', file)).status).toBe('accepted');
    expect((await admin('import-package', files[0]!)).status).toBe('duplicate');
    const stats = (await admin('stats')) as { records: number; packages: number; quarantine: unknown[] };
    expect(stats.records).toBe(2);
    expect(stats.packages).toBe(files.length);
    expect(stats.quarantine).toEqual([]);
  });

  await test.step('the province sees the demand in `admin export demands` (the 需求清单 workbook)', async () => {
    const out = path.join(serverEnv.DATA_DIR!, 'demands-130628.xlsx');
    const exported = (await admin('export', 'demands', '--county', '130628', '--out', out)) as { rows: number };
    expect(exported.rows).toBe(1);
    const book = XLSX.read(readFileSync(out));
    const cells = XLSX.utils
      .sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 })
      .flat()
      .map(String);
    expect(cells).toContain(DEMAND);
    expect(cells).toContain(ENTERPRISE);
  });

  await test.step('a later online sync resends the same bytes: acknowledged as duplicates, nothing applied twice', async () => {
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-result')).toContainText('同步完成');
    await expect(page.getByTestId('sync-pending-by-type')).toHaveText('没有待上报的记录。');
    await expect(page.getByTestId('sync-acked')).toContainText(`第 ${files.length} 号`);
    const stats = (await admin('stats')) as { records: number; packages: number };
    expect(stats).toMatchObject({ records: 2, packages: files.length });
  });
});
