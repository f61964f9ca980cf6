// A clerk's lists in Chromium at 1366×768: a survey lacking its 技术领域 column imports its good rows as drafts
// marked 待补全; a demand is found by its enterprise's name; a list sorted by a column keeps its search and filters
// after opening a record and coming back; after the browser shell restarts under an open page, the page recovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { E2E_PORT, E2E_TOKEN } from '../../playwright.config';
import { creditCode } from '../fixtures/spreadsheets/make-fixtures-codes';
import { choose, open } from './support/app';

test.use({ viewport: { width: 1366, height: 768 } });

const RUN = (Date.now() % 900_000) + 50_000;
const OPERATOR = `钱科员${RUN}`;
const HENGTONG = `高阳县恒通机械有限公司${RUN}`;
const OTHER = `高阳县丝网制品有限公司${RUN}`;
const DEMANDS = { a: `数控折弯精度提升${RUN}`, b: `丝网焊接自动化${RUN}`, c: `镀锌废水回用${RUN}` };

/** A county survey without the 技术领域 column: three good rows and one with a wrong credit code. */
function survey(): Buffer {
  const header = [
    '*企业名称',
    '*统一社会信用代码',
    '*所属县（市、区）',
    '*需求名称',
    '*主要问题',
    '*关键词',
    '拟投入自有资金（万元）',
  ];
  const bad = creditCode(RUN + 2).slice(0, 17) + (creditCode(RUN + 2).endsWith('0') ? '1' : '0');
  const rows = [
    [HENGTONG, creditCode(RUN), '高阳县', DEMANDS.a, '折弯角度误差大。', '数控', 30],
    [OTHER, creditCode(RUN + 1), '高阳县', DEMANDS.b, '焊点不均。', '焊接', 5],
    [OTHER, creditCode(RUN + 1), '高阳县', DEMANDS.c, '废水排放成本高。', '废水', 120],
    [`错误代码企业${RUN}`, bad, '高阳县', `错误行${RUN}`, '问题。', '测试', 1],
  ];
  const book = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet([header, ...rows]), '调查表');
  return Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

async function setOperator(page: Page): Promise<void> {
  await open(page, 'settings');
  await page.getByTestId('operator-name-input').fill(OPERATOR);
  await page.getByTestId('operator-add').click();
  await expect(page.getByTestId('operator-select')).toContainText(OPERATOR);
}

test('lists: a survey lacking 技术领域 imports as drafts marked 待补全; search by enterprise; sort and filters survive 返回列表', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(`/#token=${E2E_TOKEN}`);
  await setOperator(page);

  await test.step('import the survey: not blocked, the gap is named, good rows import', async () => {
    await open(page, 'demands');
    await page.getByTestId('import-open').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-choose').click();
    await (
      await chooser
    ).setFiles({ name: `无技术领域-${RUN}.xlsx`, mimeType: 'application/octet-stream', buffer: survey() });
    // the dry run runs in a worker: on a busy machine it may take a while
    await expect(page.getByTestId('summary-valid')).toHaveText('可导入 3', { timeout: 60_000 });
    await expect(page.getByTestId('import-gaps')).toContainText('技术领域');
    await expect(page.getByTestId('fill-techField')).toBeVisible();
    await expect(page.getByTestId('summary-invalid')).toHaveText('有错误 1');
    await page.screenshot({ path: 'test-results/lists-import-gap.png' });
    await page.getByTestId('import-commit').click();
    await expect(page.getByTestId('import-committed')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('import-close').click();
  });

  await test.step('a demand is found by its enterprise name', async () => {
    await page.getByTestId('search-input').fill(`恒通机械有限公司${RUN}`);
    const rows = page.getByTestId('record-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(DEMANDS.a);
    await page.getByTestId('search-input').fill('');
  });

  await test.step('sort by 拟投入资金, filter, search; open a record and come back', async () => {
    await page.getByTestId('search-input').fill(`${RUN}`);
    await choose(page, 'filter-county', '高阳县');
    await page.getByTestId('column-budget').click();
    await expect(page.getByTestId('column-budget')).toHaveAttribute('aria-sort', 'ascending');
    const rows = page.getByTestId('record-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText(DEMANDS.b);
    await expect(rows.nth(2)).toContainText(DEMANDS.c);
    await page.screenshot({ path: 'test-results/lists-sorted.png' });

    await rows.nth(0).click();
    await expect(page.getByTestId('record-detail')).toBeVisible();
    await expect(page.getByTestId('to-complete')).toContainText('技术领域');
    await page.getByTestId('record-back').click();

    await expect(page.getByTestId('search-input')).toHaveValue(`${RUN}`);
    await expect(page.getByTestId('filter-county')).toContainText('高阳县');
    await expect(page.getByTestId('column-budget')).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByTestId('record-row').nth(0)).toContainText(DEMANDS.b);
    await expect(page.getByTestId('record-row')).toHaveCount(3);
  });

  await test.step("the enterprise's page lists its demands", async () => {
    await open(page, 'enterprises');
    await page.getByTestId('search-input').fill(OTHER);
    await page.getByTestId('record-row').first().click();
    await expect(page.getByTestId('related-demands').getByTestId('related-row')).toHaveCount(2);
  });
});

/** A second browser shell on the same data folder and token, which this test stops and starts again. */
function startShell(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/electron/browser-shell.cjs'], {
    env: {
      ...process.env,
      LINKDESK_SHELL_PORT: String(port),
      LINKDESK_TOKEN: E2E_TOKEN,
      LINKDESK_NO_OPEN: '1',
      LINKDESK_HOME: process.env.LINKDESK_E2E_HOME,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('browser shell serving')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`shell exited ${code}`)));
  });
}

function stopShell(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

test('shell: after the browser shell restarts under an open page, the page says so and recovers by itself', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const port = E2E_PORT + 1;
  let shell = await startShell(port);
  try {
    await page.goto(`http://127.0.0.1:${port}/#token=${E2E_TOKEN}`);
    await open(page, 'settings');
    await expect(page.getByTestId('data-dir')).toHaveText(process.env.LINKDESK_E2E_HOME!);

    await stopShell(shell);
    // any call while it is away: the page says the connection is lost
    await open(page, 'sync');
    await expect(page.getByTestId('shell-connection')).toHaveAttribute('data-state', 'lost');
    await page.screenshot({ path: 'test-results/shell-lost.png' });

    shell = await startShell(port);
    await expect(page.getByTestId('shell-connection')).toHaveCount(0, { timeout: 15_000 });
    await open(page, 'settings');
    await expect(page.getByTestId('data-dir')).toHaveText(process.env.LINKDESK_E2E_HOME!);
  } finally {
    await stopShell(shell);
  }
});
