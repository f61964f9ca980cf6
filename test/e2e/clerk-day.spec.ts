// A county clerk's day, as a user guide (Chromium at 1366×768, through the browser shell). Each step is what the
// clerk does and what the app answers:
//   1. Morning: say who is working (设置 → 操作人).
//   2. The townships' survey arrives without a 技术领域 column: import it anyway — the good rows become drafts
//      marked 待补全, the row with a wrong credit code is explained and left out.
//   3. A phone call about「恒通」: find its demand by the enterprise's name.
//   4. Review the drafts by budget: sort by 拟投入资金, keep the county filter, open one, see what it lacks, and
//      come back to the list exactly as it was.
//   5. Look at an enterprise: its page lists its demands.
//   6. Hand the enterprise list to the director: 导出（按当前筛选） on 企业.
//   7. Before going home: the header counts what waits to sync in records, not field changes.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { E2E_TOKEN } from '../../playwright.config';
import { creditCode } from '../fixtures/spreadsheets/make-fixtures-codes';
import { choose, open } from './support/app';

test.use({ viewport: { width: 1366, height: 768 } });

const RUN = (Date.now() % 800_000) + 120_000;
const CLERK = `孙科员${RUN}`;
const HENGTONG = `高阳县恒通纺机有限公司${RUN}`;
const WEAVER = `高阳县织染有限公司${RUN}`;
const DEMAND = { loom: `织机节能改造${RUN}`, dye: `印染废水回用${RUN}`, fabric: `阻燃面料开发${RUN}` };

/** The townships' survey: no 技术领域 column, and one row whose credit code was copied wrong. */
function townshipSurvey(): Buffer {
  const header = [
    '*企业名称',
    '*统一社会信用代码',
    '*所属县（市、区）',
    '*需求名称',
    '*主要问题',
    '*关键词',
    '拟投入自有资金（万元）',
  ];
  const good = creditCode(RUN + 7);
  const miscopied = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
  const rows = [
    [HENGTONG, creditCode(RUN + 5), '高阳县', DEMAND.loom, '织机能耗高。', '节能', 80],
    [WEAVER, creditCode(RUN + 6), '高阳县', DEMAND.dye, '废水处理费用高。', '废水', 40],
    [WEAVER, creditCode(RUN + 6), '高阳县', DEMAND.fabric, '面料阻燃性能不达标。', '阻燃', 15],
    [`抄错代码企业${RUN}`, miscopied, '高阳县', `抄错行${RUN}`, '问题。', '测试', 1],
  ];
  const book = XLSX.utils.book_new(XLSX.utils.aoa_to_sheet([header, ...rows]), '调查表');
  return Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

/** Where the app saved a file, from its 「已保存到：…」 message. */
async function savedPath(page: Page, name: RegExp): Promise<string> {
  const toast = page.locator('.ant-message-notice').filter({ hasText: name }).last();
  await expect(toast).toBeVisible();
  const match = /已保存到：(.+\.xlsx)/.exec(await toast.innerText());
  expect(match, 'the message names the saved file').not.toBeNull();
  return match![1]!.trim();
}

test("a county clerk's day", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/#token=${E2E_TOKEN}`);

  await test.step('1. say who is working', async () => {
    await open(page, 'settings');
    await page.getByTestId('operator-name-input').fill(CLERK);
    await page.getByTestId('operator-add').click();
    await expect(page.getByTestId('header-operator')).toContainText(CLERK);
  });

  await test.step('2. import the survey that lacks 技术领域', async () => {
    await open(page, 'demands');
    await page.getByTestId('import-open').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-choose').click();
    await (
      await chooser
    ).setFiles({ name: `乡镇调查表-${RUN}.xlsx`, mimeType: 'application/octet-stream', buffer: townshipSurvey() });
    // the dry run says what will happen before anything is written
    await expect(page.getByTestId('summary-valid')).toHaveText('可导入 3', { timeout: 60_000 });
    await expect(page.getByTestId('summary-invalid')).toHaveText('有错误 1');
    await expect(page.getByTestId('import-gaps')).toContainText('技术领域');
    await expect(page.getByTestId('row-error')).toContainText('统一社会信用代码校验位');
    await page.getByTestId('import-commit').click();
    await expect(page.getByTestId('import-committed')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('import-close').click();
  });

  await test.step('3. find the demand of「恒通」by the enterprise name', async () => {
    await page.getByTestId('search-input').fill(`恒通纺机有限公司${RUN}`);
    await expect(page.getByTestId('record-row')).toHaveCount(1);
    await expect(page.getByTestId('record-row').first()).toContainText(DEMAND.loom);
  });

  await test.step('4. review the drafts by budget, open one, come back to the same list', async () => {
    await page.getByTestId('search-input').fill(`${RUN}`);
    await choose(page, 'filter-county', '高阳县');
    await page.getByTestId('column-budget').click();
    await page.getByTestId('column-budget').click();
    await expect(page.getByTestId('column-budget')).toHaveAttribute('aria-sort', 'descending');
    const rows = page.getByTestId('record-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText(DEMAND.loom);

    await rows.first().click();
    await expect(page.getByTestId('to-complete')).toContainText('技术领域');
    await page.getByTestId('record-back').click();
    await expect(page.getByTestId('search-input')).toHaveValue(`${RUN}`);
    await expect(page.getByTestId('filter-county')).toContainText('高阳县');
    await expect(page.getByTestId('column-budget')).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByTestId('record-row').first()).toContainText(DEMAND.loom);
  });

  await test.step("5. an enterprise's page lists its demands", async () => {
    await open(page, 'enterprises');
    await page.getByTestId('search-input').fill(WEAVER);
    await page.getByTestId('record-row').first().click();
    const related = page.getByTestId('related-demands');
    await expect(related.getByTestId('related-row')).toHaveCount(2);
    await related.getByTestId('related-row').filter({ hasText: DEMAND.fabric }).click();
    await expect(page.getByTestId('detail-name')).toHaveText(DEMAND.fabric);
  });

  await test.step('6. export the enterprise list as shown', async () => {
    await open(page, 'enterprises');
    await page.getByTestId('search-input').fill(`${RUN}`);
    await expect(page.getByTestId('record-row')).toHaveCount(2);
    await page.getByTestId('list-export').click();
    const book = XLSX.read(readFileSync(await savedPath(page, /企业名录/)));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['企业名录']!, { header: 1 });
    const names = rows.filter((r) => typeof r[0] === 'number').map((r) => String(r[3]));
    expect(names.sort()).toEqual([HENGTONG, WEAVER].sort());
  });

  await test.step('7. what waits to sync is counted in records', async () => {
    // two enterprises and three demands were imported (with everything else this run recorded)
    await expect(page.getByTestId('header-sync-status')).toContainText('条记录待同步');
  });
});
