/** Steps every e2e test takes in the app: open a section, pick in antd selects and the division tree, save a form. */
import { expect, type Page } from '@playwright/test';

export async function open(page: Page, section: string): Promise<void> {
  await page.getByTestId(`nav-${section}`).click();
  await expect(page.getByTestId(`page-${section}`)).toBeVisible();
}

/** Picks `label` in the antd Select (single or multiple) with this test id. */
export async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
  await page.keyboard.press('Escape');
}

export async function newRecord(page: Page, section: string): Promise<void> {
  await open(page, section);
  await page.getByTestId('record-new').click();
  await expect(page.getByTestId('schema-form')).toBeVisible();
}

/** Saves the open form and returns the saved record's id (from the detail URL `#/<section>/<id>`). */
export async function save(page: Page): Promise<string> {
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('record-detail')).toBeVisible();
  const id = /#\/[a-z]+\/([^/]+)$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** Picks city / county in the division tree, unless the form already carries it (a demand takes its enterprise's). */
export async function pickCounty(page: Page, city: string, county: string): Promise<void> {
  const field = page.getByTestId('field-county');
  for (let attempt = 0; attempt < 3 && !(await field.textContent())?.includes(county); attempt++) {
    await field.click();
    await page.locator('.ant-cascader-menu-item:visible').filter({ hasText: city }).first().click();
    const item = page.locator('.ant-cascader-menu-item:visible').filter({ hasText: county }).first();
    // The cascader's second column can take a moment to open after a re-render; try again rather than hang.
    if (
      await item.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      await item.click();
    else await page.keyboard.press('Escape');
  }
  await expect(field).toContainText(county);
}
