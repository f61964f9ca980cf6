/**
 * The Electron main process: one instance, one locked-down window showing dist/renderer/index.html, the
 * desktop bridge served over validated IPC.
 */
import { BrowserWindow, app, ipcMain, session } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHostKeystore, createHostServices, resolveDataDir, resolveServerUrl } from '../host';
import { safeStorageProtector } from '../host/keystore-electron';
import { createElectronDialogs } from './dialogs';
import { registerBridgeIpc } from './ipc';
import { electronUpdater } from './updater';
import { denyAllPermissions, installContentSecurityPolicy, lockDownContents, secureWebPreferences } from './security';

export const WINDOW_TITLE = '科技联动工作台 LinkDesk';

export interface AppPaths {
  preload: string;
  indexHtml: string;
}

/** Layout of the bundle: dist/electron/main.cjs, dist/electron/preload.cjs, dist/renderer/index.html. */
export function appPathsFrom(mainDir: string): AppPaths {
  return { preload: path.join(mainDir, 'preload.cjs'), indexHtml: path.join(mainDir, '..', 'renderer', 'index.html') };
}

export interface MainProcess {
  /** Resolves once the window is created (or immediately when another instance already runs). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
}

export function startMainProcess(paths: AppPaths, env: Record<string, string | undefined> = process.env): MainProcess {
  let mainWindow: BrowserWindow | null = null;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), window: () => null };
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.enableSandbox();
  const serverUrl = resolveServerUrl(env);
  const dataDir = resolveDataDir({
    env,
    cwd: process.cwd(),
    packagedUserData: app.isPackaged ? app.getPath('userData') : undefined,
  });
  const appIndexUrl = pathToFileURL(paths.indexHtml).href;

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, serverUrl));
  app.on('window-all-closed', () => app.quit());

  const ready = app.whenReady().then(async () => {
    mkdirSync(dataDir, { recursive: true });
    installContentSecurityPolicy(session.defaultSession);
    denyAllPermissions(session.defaultSession);
    const services = createHostServices({
      shell: 'electron',
      version: app.getVersion(),
      platform: `${process.platform}-${process.arch}`,
      dataDir,
      serverUrl,
      keystore: 'none',
      // safeStorage is usable only after 'ready'; without OS encryption the key falls back to the dev-only file.
      keys: createHostKeystore(path.join(dataDir, 'keys'), safeStorageProtector()),
      dialogs: createElectronDialogs(() => mainWindow, app.getPath('documents')),
      // Only an installed app can replace itself; a development run says so instead.
      updates: app.isPackaged
        ? { makeUpdater: electronUpdater }
        : { unsupportedReason: 'a development build (not installed) does not update itself' },
    });
    registerBridgeIpc(ipcMain, services, appIndexUrl);

    mainWindow = new BrowserWindow({
      title: WINDOW_TITLE,
      width: 1280,
      height: 820,
      minWidth: 1024,
      minHeight: 640,
      show: false,
      backgroundColor: '#f5f5f5',
      webPreferences: secureWebPreferences(paths.preload, !app.isPackaged),
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    await mainWindow.loadFile(paths.indexHtml);
  });

  return { ready, window: () => mainWindow };
}
