// A clerk's form, in Chromium at 1366×768 with Chinese typed through IME composition (issue 13):
// a half-filled demand survives leaving it through the sidebar and coming back; Enter moves to the next field
// and never saves; dates are kept as typed (「2027年3月1日」,「2027/9/1」); the demand's county and cluster come
// from its enterprise; the status moves offer only legal steps, confirm them and ask why for 退回; the print
// preview is exactly one A4 page with the office heading, 经办人/审核人 lines and a 盖章 area.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { choose, newRecord, open, pickCounty, save } from './support/app';
import { imeType } from './support/ime';

const RUN = String(Date.now() % 1_000_000);
const OPERATOR = `赵科员${RUN}`;
const ENTERPRISE = `正定县恒通新材料有限公司${RUN}`;
const DEMAND = `耐高温涂层工艺改进${RUN}`;
const SHOTS = 'test-results/forms-screens';

test.use({ viewport: { width: 1366, height: 768 } });

const shot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

test('a clerk fills a demand: nothing typed is lost, Enter moves on, dates as typed, place from the enterprise, one-page print', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(`/#token=${E2E_TOKEN}`);

  await test.step('the clerk names herself and records an enterprise (credit code typed full-width)', async () => {
    await open(page, 'settings');
    await page.getByTestId('operator-name-input').fill(OPERATOR);
    await page.getByTestId('operator-add').click();
    await expect(page.getByTestId('operator-select')).toContainText(OPERATOR);

    await newRecord(page, 'enterprises');
    // full-width digits and a space, as an IME in full-width mode types them: the form keeps the code itself
    await page.getByTestId('field-creditCode').fill('９１３５０１００Ｍ０００１００Ｙ4 3');
    await expect(page.getByTestId('field-creditCode')).toHaveValue('91350100M000100Y43');
    await imeType(page, page.getByTestId('field-name'), 'zhengdingxian', ENTERPRISE);
    await expect(page.getByTestId('field-name')).toHaveValue(ENTERPRISE);
    await pickCounty(page, '石家庄市', '正定县');
    await save(page);
    await expect(page.getByTestId('detail-county')).toContainText('正定县');
  });

  await test.step('a new demand takes its county from the chosen enterprise', async () => {
    await newRecord(page, 'demands');
    // the calendar speaks Chinese: no「Dec」, no「Su Mo Tu」
    await page.getByTestId('field-deadline-pick').click();
    await expect(page.getByTestId('field-deadline-calendar')).toBeVisible();
    await expect(page.getByTestId('field-deadline-calendar')).toContainText('一');
    await expect(page.getByTestId('field-deadline-calendar')).not.toContainText(/\b(Su|Mo|Dec|Jan)\b/);
    await shot(page, '01-calendar-zh');
    await page.keyboard.press('Escape');
    await page.getByTestId('field-deadline-pick').click(); // the popover toggles closed
    await choose(page, 'field-enterprise', ENTERPRISE);
    await expect(page.getByTestId('field-county')).toContainText('正定县');
  });

  await test.step('Enter moves to the next field and never saves; dates typed in Chinese are kept', async () => {
    await imeType(page, page.getByTestId('field-name'), 'naigaowentuceng', DEMAND);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('schema-form')).toBeVisible();
    await expect(page.getByTestId('field-name')).not.toBeFocused();

    await imeType(page, page.getByTestId('field-deadline'), '2027nian3yue1ri', '2027年3月1日');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('field-deadline')).toHaveValue('2027-03-01');
    await expect(page.getByTestId('field-deadline')).not.toBeFocused();
    await expect(page.getByTestId('schema-form')).toBeVisible();

    await page.getByTestId('field-surveyDate').click();
    await page.keyboard.type('2027/9/1');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('field-surveyDate')).toHaveValue('2027-09-01');

    await imeType(page, page.getByTestId('field-problem'), 'tucengtuoluo', '涂层在 300℃ 以上脱落，需要改进工艺。');
    await shot(page, '02-half-filled');
    // nothing was saved by any Enter
    await open(page, 'demands');
    await expect(page.getByTestId('record-row')).toHaveCount(0);
  });

  await test.step('left through the sidebar, the half-filled form comes back as it was', async () => {
    await open(page, 'dashboard');
    await newRecord(page, 'demands');
    await expect(page.getByTestId('draft-restored')).toBeVisible();
    await expect(page.getByTestId('field-name')).toHaveValue(DEMAND);
    await expect(page.getByTestId('field-deadline')).toHaveValue('2027-03-01');
    await expect(page.getByTestId('field-surveyDate')).toHaveValue('2027-09-01');
    await expect(page.getByTestId('field-problem')).toHaveValue(/脱落/);
    await expect(page.getByTestId('field-county')).toContainText('正定县');
    await shot(page, '03-draft-restored');

    await page.getByTestId('field-keywords').locator('input').fill('涂层');
    await page.keyboard.press('Enter');
    await choose(page, 'field-techField', '新材料');
    const id = await save(page);
    await expect(page.getByTestId('detail-deadline')).toHaveText('2027年3月1日');
    await expect(page.getByTestId('detail-surveyDate')).toHaveText('2027年9月1日');
    await expect(page.getByTestId('detail-county')).toContainText('正定县');
    // saved, the draft is gone: a new form starts empty
    await newRecord(page, 'demands');
    await expect(page.getByTestId('draft-restored')).toHaveCount(0);
    await expect(page.getByTestId('field-name')).toHaveValue('');
    await page.getByTestId('form-cancel').click();
    await page.goto(`/#/demands/${id}`);
    await expect(page.getByTestId('record-detail')).toBeVisible();
  });

  await test.step('status moves: only the legal ones, each confirmed, 退回 with its reason', async () => {
    await page.getByTestId('status-select').click();
    await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option')).toHaveText([
      '县级核实',
      '退回',
      '已关闭',
    ]);
    await page.keyboard.press('Escape');
    await page.getByTestId('status-to-county_verified').click();
    await page.getByTestId('status-confirm').click();
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'county_verified');
    await page.getByTestId('status-to-returned').click();
    await expect(page.getByTestId('status-confirm')).toBeDisabled();
    await expect(page.getByTestId('status-reason-missing')).toHaveText('请填写退回的原因');
    await imeType(page, page.getByTestId('status-reason'), 'mingchengbufu', '企业名称与营业执照不符');
    await shot(page, '04-return-reason');
    await page.getByTestId('status-confirm').click();
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'returned');
  });

  await test.step('the print preview is exactly one A4 page with heading, signatures and seal', async () => {
    await page.getByTestId('record-print').click();
    await expect(page.getByTestId('print-view')).toContainText(DEMAND);
    await expect(page.getByTestId('print-view')).toContainText('正定县科技主管部门');
    await expect(page.getByTestId('print-view')).toContainText('经办人');
    await expect(page.getByTestId('print-view')).toContainText('审核人');
    await expect(page.getByTestId('print-view')).toContainText('盖章');
    await shot(page, '05-print-preview');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(`${SHOTS}/demand.pdf`, pdf);
    expect(pdfPages(pdf)).toBe(1);
  });
});
