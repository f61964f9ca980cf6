// End-to-end tests: Debian's Chromium drives the app through the browser shell (dist/ must be built:
// `npm run test:e2e` builds first). The shell runs on a fixed port with a fixed token and a fresh data folder.
import { defineConfig } from '@playwright/test';
import { requireChromium } from './electron/src/browser-shell/chromium';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// LINKDESK_E2E_PORT lets several checkouts run their e2e suites side by side.
export const E2E_PORT = Number(process.env.LINKDESK_E2E_PORT ?? 5179);
export const E2E_TOKEN = 'e2e-fixed-token-0123456789abcdef';
// One fresh data folder per run; set here in the runner so the test workers inherit it.
process.env.LINKDESK_E2E_HOME ??= mkdtempSync(path.join(tmpdir(), 'linkdesk-e2e-'));

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: requireChromium(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  globalTeardown: './test/e2e/global-teardown.ts',
  webServer: {
    command: 'node dist/electron/browser-shell.cjs',
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LINKDESK_SHELL_PORT: String(E2E_PORT),
      LINKDESK_TOKEN: E2E_TOKEN,
      LINKDESK_NO_OPEN: '1',
      LINKDESK_HOME: process.env.LINKDESK_E2E_HOME,
    },
  },
});
