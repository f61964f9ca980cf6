/**
 * Browser-shell entry (bundled to dist/electron/browser-shell.cjs; `npm start` runs it when there is no
 * Electron binary). Environment:
 *  - LINKDESK_SHELL_PORT (default 5178; 0 = any free port)
 *  - LINKDESK_TOKEN (default: the token kept in <data>/shell-token, made once; tests fix it)
 *  - LINKDESK_NO_OPEN=1 (only print the URL, do not open Chromium)
 *  - LINKDESK_HOME, LINKDESK_SERVER_URL (see electron/src/host/data-dir.ts)
 *  - LINKDESK_RENDERER_DIR (default ./dist/renderer)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  createDataDirDialogs,
  createHostKeystore,
  createHostServices,
  readAppVersion,
  resolveDataDir,
  resolveServerUrl,
} from '../host';
import { findChromium, noDisplayReason, openChromiumApp } from './chromium';
import { startShellServer } from './server';
import { persistentToken } from './token';

async function main(): Promise<void> {
  const env = process.env;
  const cwd = process.cwd();
  const dataDir = resolveDataDir({ env, cwd });
  mkdirSync(dataDir, { recursive: true });
  const port = Number(env.LINKDESK_SHELL_PORT ?? 5178);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`LINKDESK_SHELL_PORT must be a port number, got ${env.LINKDESK_SHELL_PORT}`);
  // kept across restarts, so an open page reconnects by itself after the shell restarts
  const token = env.LINKDESK_TOKEN || persistentToken(path.join(dataDir, 'shell-token'));
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(token))
    throw new Error('LINKDESK_TOKEN must be 16–256 characters of A–Z, a–z, 0–9, _ or -');

  const services = createHostServices({
    shell: 'browser',
    version: readAppVersion(cwd),
    platform: `${process.platform}-${process.arch}`,
    dataDir,
    serverUrl: resolveServerUrl(env),
    keystore: 'none',
    // The browser shell has no OS keychain: a 0600 key file marked NOT FOR PRODUCTION.
    keys: createHostKeystore(path.join(dataDir, 'keys'), null),
    dialogs: createDataDirDialogs(dataDir),
    updates: {
      unsupportedReason: 'the browser shell runs from the source folder: update it with the desktop installer or git',
    },
  });
  const rendererDir = path.resolve(cwd, env.LINKDESK_RENDERER_DIR ?? 'dist/renderer');
  const shell = await startShellServer({ rendererDir, services, token, port });
  console.log(`[linkdesk] browser shell serving ${shell.baseUrl} (data: ${dataDir})`);

  const chromium = findChromium(env);
  const blocker =
    env.LINKDESK_NO_OPEN === '1'
      ? 'LINKDESK_NO_OPEN=1'
      : !chromium
        ? 'no Chromium found (apt-get install -y chromium, or set CHROME_PATH)'
        : noDisplayReason(env);
  if (blocker || !chromium) {
    console.log(
      `[linkdesk] not opening a window (${blocker}); open this address in Chromium 在浏览器中打开: ${shell.launchUrl}`,
    );
  } else {
    const child = openChromiumApp(chromium, shell.launchUrl, path.join(dataDir, 'browser-profile'));
    console.log(`[linkdesk] opened ${chromium} in app mode; if no window appears, open ${shell.launchUrl}`);
    child.on('exit', (code) =>
      console.log(
        `[linkdesk] Chromium window closed (exit ${code}); still serving ${shell.launchUrl} — Ctrl+C to stop`,
      ),
    );
    child.on('error', (error) =>
      console.log(`[linkdesk] could not open Chromium (${error.message}); open ${shell.launchUrl}`),
    );
  }

  const stop = (): void => {
    void shell.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE')
    console.error(
      `[linkdesk] port ${process.env.LINKDESK_SHELL_PORT ?? 5178} is in use: is LinkDesk already running? Set LINKDESK_SHELL_PORT to use another port.`,
    );
  else console.error('[linkdesk] browser shell failed to start:', e.message);
  process.exit(1);
});
