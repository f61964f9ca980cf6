// Issue 7 acceptance, in Chromium through the browser shell: the 企业技术需求调查表 template is downloaded,
// filled by this script with SheetJS, imported in the UI (parsed in a Web Worker, dry run with counts, commit),
// the rows appear in the 技术需求 list, and the list exported as on screen is read back. A text file renamed
// .xlsx is refused with its Chinese message.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { E2E_TOKEN } from '../../playwright.config';
import { creditCode } from '../fixtures/spreadsheets/make-fixtures-codes';

const RUN = Date.now() % 1_000_000;
const OPERATOR = `赵科员${RUN}`;
const DEMANDS = [`秸秆饲料发酵工艺${RUN}`, `羊绒分梳设备改造${RUN}`, `温室补光节能控制${RUN}`];
const ENTERPRISES = [`高阳县纺织科技有限公司${RUN}`, `高阳县农牧发展有限公司${RUN}`];

async function open(page: Page, section: string): Promise<void> {
  await page.getByTestId(`nav-${section}`).click();
  await expect(page.getByTestId(`page-${section}`)).toBeVisible();
}

/** Where the host saved a file, read from the 「已保存到：…」 toast. */
async function savedPath(page: Page, name: RegExp): Promise<string> {
  const toast = page.locator('.ant-message-notice').filter({ hasText: name }).last();
  await expect(toast).toBeVisible();
  const match = /已保存到：(.+\.xlsx)/.exec(await toast.innerText());
  expect(match, 'the toast names the saved file').not.toBeNull();
  return match![1]!.trim();
}

/** Fills the template's form sheet under its example row, the way an enterprise would. */
function fillTemplate(bytes: Buffer): Buffer {
  const book = XLSX.read(bytes);
  const sheet = book.Sheets['调查表']!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
  const header = rows[2] as string[];
  const col = (title: string): number => {
    const c = header.indexOf(title);
    expect(c, `template column ${title}`).toBeGreaterThanOrEqual(0);
    return c;
  };
  const line = (values: Record<string, string | number>): unknown[] => {
    const out: unknown[] = Array.from({ length: header.length }, () => null);
    for (const [title, v] of Object.entries(values)) out[col(title)] = v;
    return out;
  };
  const filled = [
    line({
      序号: 1,
      '*企业名称': ENTERPRISES[0]!,
      '*统一社会信用代码': creditCode(RUN),
      '*需求名称': DEMANDS[0]!,
      '*主要问题': '秸秆发酵周期长，饲料品质不稳定。',
      '*关键词': '秸秆、发酵',
      '*技术领域': '现代农业',
      '拟投入自有资金（万元）': '30万元',
      '*所属县（市、区）': '高阳县',
    }),
    line({
      序号: 2,
      '*企业名称': ENTERPRISES[1]!,
      '*统一社会信用代码': creditCode(RUN + 1),
      '*需求名称': DEMANDS[1]!,
      '*主要问题': '分梳设备能耗高、断毛率高。',
      '*关键词': '羊绒',
      '*技术领域': '现代农业',
      '*所属县（市、区）': '高阳县',
    }),
    // the same enterprise again: merged by its credit code, one enterprise with two demands
    line({
      序号: 3,
      '*企业名称': ENTERPRISES[1]!,
      '*统一社会信用代码': creditCode(RUN + 1),
      '*需求名称': DEMANDS[2]!,
      '*主要问题': '冬季补光电费高。',
      '*关键词': '补光',
      '*技术领域': '现代农业',
      '*所属县（市、区）': '高阳县',
    }),
    // an amount that is not a number: a real error, so the row is invalid with its reason (a row that only lacks
    // a field required to verify would import as a draft marked 待补全)
    line({
      序号: 4,
      '*企业名称': ENTERPRISES[0]!,
      '*统一社会信用代码': creditCode(RUN),
      '*需求名称': `金额有误${RUN}`,
      '*主要问题': '测试。',
      '*关键词': '测试',
      '*技术领域': '现代农业',
      '拟投入自有资金（万元）': '约三十',
      '*所属县（市、区）': '高阳县',
    }),
  ];
  XLSX.utils.sheet_add_aoa(sheet, filled, { origin: { r: rows.length, c: 0 } });
  return Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

async function chooseFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('import-open').click();
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-choose').click();
  await (
    await chooser
  ).setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
}

test('Excel: the template filled by a script is imported in the UI, listed, and exported as on screen', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`/#token=${E2E_TOKEN}`);
  await open(page, 'settings');
  await page.getByTestId('operator-name-input').fill(OPERATOR);
  await page.getByTestId('operator-add').click();
  await expect(page.getByTestId('operator-select')).toContainText(OPERATOR);

  await open(page, 'demands');
  await page.getByTestId('template-download').click();
  await page.getByTestId('template-demandSurvey').click();
  const template = readFileSync(await savedPath(page, /企业技术需求调查表/));
  expect(XLSX.read(template).SheetNames).toEqual(['调查表', '说明', '选项']);

  await chooseFile(page, `调查表-${RUN}.xlsx`, fillTemplate(template));
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-valid')).toHaveText('可导入 3');
  await expect(summary.getByTestId('summary-invalid')).toHaveText('有错误 1');
  await expect(summary.getByTestId('summary-examples')).toHaveText('示例行（已跳过）1');
  await expect(summary.getByTestId('summary-enterprise')).toContainText('新建 2');
  await expect(summary.getByTestId('summary-demand')).toContainText('新建 3');
  await expect(page.getByTestId('row-error')).toContainText('请改为阿拉伯数字');
  expect(
    workers.some((u) => /import\.worker/.test(u)),
    `the file was parsed in a Web Worker (${workers.join(', ')})`,
  ).toBe(true);

  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-committed')).toContainText('写入 5 条记录');
  // the same file planned again against what is now stored changes nothing
  await expect(page.getByTestId('summary-nothing')).toBeVisible();
  await page.getByTestId('import-close').click();

  const list = page.getByTestId('record-list');
  for (const name of DEMANDS) await expect(list).toContainText(name);
  await expect(list).not.toContainText(`金额有误${RUN}`);
  await expect(page.getByTestId('header-sync-status')).toContainText('待同步');

  // an imported record's history names the file it came from
  await page.getByTestId('record-row').filter({ hasText: DEMANDS[0]! }).click();
  await expect(page.getByTestId('record-detail')).toBeVisible();
  await expect(page.getByTestId('history-row').first()).toContainText(`${OPERATOR}（导入自 调查表-${RUN}.xlsx）`);
  await open(page, 'demands');

  await page.getByTestId('list-export').click();
  const exported = XLSX.read(readFileSync(await savedPath(page, /需求清单/)));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(exported.Sheets['需求清单']!, { header: 1 });
  const header = rows.find((r) => r[0] === '序号') as string[];
  const nameCol = header.indexOf('需求名称');
  const enterpriseCol = header.indexOf('企业名称');
  const byName = new Map(rows.filter((r) => typeof r[0] === 'number').map((r) => [r[nameCol], r]));
  for (const name of DEMANDS) expect(byName.has(name), `${name} is in the exported list`).toBe(true);
  expect(byName.get(DEMANDS[2]!)![enterpriseCol]).toBe(ENTERPRISES[1]);
});

test('Excel: a text file renamed .xlsx is refused with its Chinese message and nothing is imported', async ({
  page,
}) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await open(page, 'demands');
  await chooseFile(page, '名单.xlsx', Buffer.from('这不是表格，只是一段文字。\n'.repeat(20), 'utf8'));
  const refused = page.getByTestId('import-refused');
  await expect(refused).toHaveAttribute('data-code', 'NOT_A_SPREADSHEET');
  await expect(refused).toContainText('这不是 Excel 表格');
  await expect(refused).toContainText('「名单.xlsx」不是有效的 Excel 表格');
  await expect(refused).toContainText('没有写入任何数据');
  await expect(page.getByTestId('import-commit')).toHaveCount(0);
});
