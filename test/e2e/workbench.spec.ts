// Issue 4 acceptance, in Chromium through the browser shell: a county officer's day recorded offline —
// the credit code check, an enterprise, a demand, a visit with a photo, a demand made from the visit,
// the demand's status moves, everything (with its history) after a reload, and a backup restored into a fresh profile.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { choose, newRecord, open, pickCounty, save } from './support/app';

// A real 1×1 PNG (red pixel), made here rather than read from a fixture.
const PHOTO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const RUN = String(Date.now() % 1_000_000);
const ENTERPRISE = `石家庄正定新材料科技有限公司${RUN}`;
const DEMAND = `耐高温复合材料配方优化${RUN}`;
const DERIVED = `生产线节能改造${RUN}`;
const COMMISSIONER = `李特派${RUN}`;
const OPERATOR = `王科员${RUN}`;

async function fillDemand(page: Page, name: string): Promise<void> {
  await pickCounty(page, '石家庄市', '正定县');
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-problem').fill('现有配方在 300℃ 以上强度下降，需要高校协助优化。');
  await page.getByTestId('field-keywords').locator('input').fill('复合材料');
  await page.keyboard.press('Enter');
  await choose(page, 'field-techField', '新材料');
}

async function rows(page: Page, section: string): Promise<string[]> {
  await open(page, section);
  await expect(page.getByTestId('record-list')).toBeVisible();
  // references show as titles once they are looked up, never as raw ids
  await expect(page.getByTestId('record-list')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  return (await page.getByTestId('record-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).sort();
}

test('a county day offline: records, a demand from a visit, status moves, all of it after a reload, and a backup restored into a fresh profile', async ({
  page,
  browser,
}) => {
  test.setTimeout(360_000); // a long walk; on a busy 2-core machine it needs the room
  const ids: Record<string, string> = {};
  await page.goto(`/#token=${E2E_TOKEN}`);
  await test.step('record an enterprise, a demand, a visit with a photo and a demand from the visit; move the demand', async () => {
    await open(page, 'settings');
    await page.getByTestId('operator-name-input').fill(OPERATOR);
    await page.getByTestId('operator-add').click();
    await expect(page.getByTestId('operator-list')).toContainText(OPERATOR);
    await expect(page.getByTestId('operator-select')).toContainText(OPERATOR);

    // the credit code is checked as you type, naming the check character it should have
    await newRecord(page, 'enterprises');
    await page.getByTestId('field-creditCode').fill('91350100M000100Y4Z');
    await expect(page.getByTestId('schema-form')).toContainText('校验位应为 3');
    await page.getByTestId('field-creditCode').fill('91350100M000100Y43');
    await expect(page.getByTestId('schema-form')).not.toContainText('校验位应为');
    await page.getByTestId('field-name').fill(ENTERPRISE);
    await pickCounty(page, '石家庄市', '正定县');
    ids.enterprise = await save(page);
    await expect(page.getByTestId('detail-creditCode')).toHaveText('91350100M000100Y43');
    await expect(page.getByTestId('detail-county')).toContainText('正定县');

    await newRecord(page, 'demands');
    await choose(page, 'field-enterprise', ENTERPRISE);
    await fillDemand(page, DEMAND);
    ids.demand = await save(page);
    await expect(page.getByTestId('detail-name')).toHaveText(DEMAND);
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'draft');

    await newRecord(page, 'commissioners');
    await page.getByTestId('field-name').fill(COMMISSIONER);
    await page.getByTestId('field-sendingUnit').fill('河北农业大学');
    await pickCounty(page, '石家庄市', '正定县');
    await choose(page, 'field-kind', '企业科技特派员');
    ids.commissioner = await save(page);

    await newRecord(page, 'visits');
    await choose(page, 'field-commissioners', COMMISSIONER);
    await choose(page, 'field-enterprise', ENTERPRISE);
    await page.getByTestId('field-date').click();
    await page.getByTestId('field-date').fill('2026-11-20');
    await page.keyboard.press('Enter');
    await pickCounty(page, '石家庄市', '正定县');
    await page.getByTestId('field-content').fill('走访企业生产车间，了解材料耐高温问题。');
    await page
      .getByTestId('field-attachments-file')
      .setInputFiles({ name: 'sign-in.png', mimeType: 'image/png', buffer: PHOTO_PNG });
    await expect(page.getByTestId('attachment-thumb')).toHaveCount(1);
    ids.visit = await save(page);
    await expect(page.getByTestId('attachment-thumb')).toHaveCount(1);

    // a demand straight from the visit, prefilled and linked back to it
    await page.getByTestId('derive-demands').click();
    await expect(page.getByTestId('schema-form')).toBeVisible();
    await expect(page.getByTestId('field-enterprise')).toContainText(ENTERPRISE);
    await fillDemand(page, DERIVED);
    ids.derived = await save(page);
    await expect(page.getByTestId('detail-visit')).not.toBeEmpty();

    // the demand moves only by allowed transitions
    await page.goto(`/#/demands/${ids.demand}`);
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'draft');
    // 改为 offers only the moves legal from 草稿 for a county office
    await page.getByTestId('status-select').click();
    await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option')).toHaveText([
      '县级核实',
      '退回',
      '已关闭',
    ]);
    await page.keyboard.press('Escape');
    for (const to of ['county_verified', 'reported', 'matching']) {
      await page.getByTestId(`status-to-${to}`).click();
      await page.getByTestId('status-confirm').click();
      await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', to);
      await expect(page.getByTestId('status-error')).toHaveAttribute('data-ok', 'true');
    }
  });

  await test.step('after a reload everything is there and the demand history shows every change', async () => {
    await page.reload();
    await expect(page.getByTestId('page-demands')).toBeVisible();
    expect((await rows(page, 'enterprises')).join('\n')).toContain(ENTERPRISE);
    const demands = (await rows(page, 'demands')).join('\n');
    expect(demands).toContain(DEMAND);
    expect(demands).toContain(DERIVED);
    expect(await page.getByTestId('record-row').count()).toBe(2);

    await page.goto(`/#/demands/${ids.demand}`);
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'matching');
    const history = page.getByTestId('history-row');
    const texts = (await history.allInnerTexts()).join('\n');
    for (const status of ['草稿', '县级核实', '已上报', '对接中']) expect(texts).toContain(status);
    expect(texts).toContain(DEMAND);
    expect(texts).toContain(OPERATOR);
    // creation (one row per filled field) plus the three moves
    expect(await history.filter({ hasText: '对接中' }).count()).toBeGreaterThanOrEqual(1);
    expect(await history.count()).toBeGreaterThanOrEqual(8);

    await page.goto(`/#/visits/${ids.visit}`);
    await expect(page.getByTestId('attachment-thumb')).toHaveCount(1);
  });

  await test.step('the demands list: search finds a demand by its Chinese name; arrow keys move the active row and Enter opens it', async () => {
    await open(page, 'demands');
    const search = page.locator('input[data-testid="search-input"], [data-testid="search-input"] input');
    await search.fill(DERIVED.slice(0, 4));
    await expect(page.getByTestId('record-row')).toHaveCount(1);
    await expect(page.getByTestId('record-row')).toContainText(DERIVED);
    await search.fill('');
    await expect(page.getByTestId('record-row')).toHaveCount(2);
    const list = page.getByTestId('record-list');
    await list.focus();
    const active = page.locator('[data-testid="record-row"][data-active="true"]');
    const firstId = await page.getByTestId('record-row').nth(0).getAttribute('data-record-id');
    const secondId = await page.getByTestId('record-row').nth(1).getAttribute('data-record-id');
    await expect(active).toHaveAttribute('data-record-id', firstId!);
    await page.keyboard.press('ArrowDown');
    await expect(active).toHaveAttribute('data-record-id', secondId!);
    await expect(list).toHaveAttribute('aria-activedescendant', `record-row-${secondId}`);
    await page.keyboard.press('ArrowDown'); // stays on the last row
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await expect(active).toHaveAttribute('data-record-id', secondId!);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/demands/${secondId}$`));
    await expect(page.getByTestId('record-detail')).toBeVisible();
  });

  await test.step('a backup restored into a fresh profile holds identical data', async () => {
    const before = {
      enterprises: await rows(page, 'enterprises'),
      demands: await rows(page, 'demands'),
      visits: await rows(page, 'visits'),
      commissioners: await rows(page, 'commissioners'),
    };
    await page.goto(`/#/demands/${ids.demand}`);
    await expect(page.getByTestId('history-row').first()).toBeVisible(); // history loads after the fields
    await expect(page.getByTestId('record-detail')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    const demandBefore = await page.getByTestId('record-detail').innerText();
    const historyBefore = await page.getByTestId('history-row').allInnerTexts();

    await open(page, 'settings');
    await page.getByTestId('backup-export').click();
    await expect(page.getByTestId('backup-result')).toHaveAttribute('data-ok', 'true');
    const exports = path.join(process.env.LINKDESK_E2E_HOME!, 'exports');
    const file = readdirSync(exports)
      .filter((f) => f.startsWith('linkdesk-backup-'))
      .sort()
      .at(-1);
    expect(file).toBeTruthy();
    const backup = readFileSync(path.join(exports, file!));
    expect(backup.toString('utf8')).toContain(DERIVED);

    // a fresh profile: its own IndexedDB, nothing in it
    const fresh = await browser.newContext({ locale: 'zh-CN' });
    const other = await fresh.newPage();
    await other.goto(`/#token=${E2E_TOKEN}`);
    await open(other, 'enterprises');
    await expect(other.getByTestId('record-list')).toHaveCount(0);
    await open(other, 'settings');
    await other.getByTestId('backup-restore').click();
    const chooser = other.waitForEvent('filechooser');
    await other.getByTestId('backup-restore-confirm').click();
    await (await chooser).setFiles({ name: file!, mimeType: 'application/json', buffer: backup });
    await expect(other.getByTestId('backup-result')).toHaveAttribute('data-ok', 'true');

    await other.reload();
    const after = {
      enterprises: await rows(other, 'enterprises'),
      demands: await rows(other, 'demands'),
      visits: await rows(other, 'visits'),
      commissioners: await rows(other, 'commissioners'),
    };
    expect(after).toEqual(before);
    await other.goto(`/#/demands/${ids.demand}`);
    await expect(other.getByTestId('record-detail')).toBeVisible();
    await expect(other.getByTestId('history-row').first()).toBeVisible();
    await expect(other.getByTestId('record-detail')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    expect(await other.getByTestId('record-detail').innerText()).toBe(demandBefore);
    expect(await other.getByTestId('history-row').allInnerTexts()).toEqual(historyBefore);
    await other.goto(`/#/visits/${ids.visit}`);
    await expect(other.getByTestId('attachment-thumb')).toHaveCount(1);
    await fresh.close();
  });
});
