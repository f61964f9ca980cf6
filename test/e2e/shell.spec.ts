// The app in Chromium through the browser shell: every section, data surviving a reload, the token guard.
import { expect, test } from '@playwright/test';
import { SECTIONS } from '../../renderer/src/app/sections';
import { E2E_TOKEN } from '../../playwright.config';

const CONTRACT_SECTIONS = [
  'dashboard',
  'enterprises',
  'demands',
  'commissioners',
  'visits',
  'clusters',
  'sync',
  'settings',
];

test('opens through the browser shell, drops the token from the address bar and shows every section', async ({
  page,
}) => {
  expect([...SECTIONS]).toEqual(CONTRACT_SECTIONS);
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page).toHaveTitle('科技联动工作台 LinkDesk');
  await expect(page.getByTestId('page-dashboard')).toBeVisible();
  expect(page.url()).not.toContain('token');

  for (const key of SECTIONS) {
    await page.getByTestId(`nav-${key}`).click();
    await expect(page.getByTestId(`page-${key}`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/${key}$`));
  }
  // the app runs under the strict CSP (header from the shell + meta tag) without tripping it
  expect(cspViolations).toEqual([]);
});

test('an operator added in Settings is still there after a reload, and the bridge answers from the host', async ({
  page,
}) => {
  const name = `张三${Date.now() % 100000}`;
  await page.goto(`/#token=${E2E_TOKEN}`);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('page-settings')).toBeVisible();
  // appInfo came over the bridge from the shell host, which runs on this run's temp data folder
  await expect(page.getByTestId('data-dir')).toHaveText(process.env.LINKDESK_E2E_HOME!);

  await page.getByTestId('operator-name-input').fill(name);
  await page.getByTestId('operator-add').click();
  await expect(page.getByTestId('operator-list')).toContainText(name);

  await page.reload();
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await expect(page.getByTestId('operator-list')).toContainText(name);
  // the token kept in localStorage still opens the bridge after the reload
  await expect(page.getByTestId('data-dir')).toHaveText(process.env.LINKDESK_E2E_HOME!);
});

test('the bridge refuses calls without the launch token or with a wrong one', async ({ page, request }) => {
  const none = await request.post('/bridge/appInfo', { headers: { 'Content-Type': 'application/json' }, data: 'null' });
  expect(none.status()).toBe(403);
  expect(await none.json()).toMatchObject({ ok: false, error: { code: 'BRIDGE_FORBIDDEN' } });

  // from inside the page too: same origin but no token
  await page.goto('/');
  const status = await page.evaluate(async () => {
    const r = await fetch('/bridge/appInfo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-LinkDesk-Token': 'wrong-token-0123456789abcdef' },
      body: 'null',
    });
    return r.status;
  });
  expect(status).toBe(403);

  const good = await request.post('/bridge/appInfo', {
    headers: { 'Content-Type': 'application/json', 'X-LinkDesk-Token': E2E_TOKEN },
    data: 'null',
  });
  expect(good.status()).toBe(200);
  expect(await good.json()).toMatchObject({
    ok: true,
    value: { shell: 'browser', dataDir: process.env.LINKDESK_E2E_HOME },
  });
});
