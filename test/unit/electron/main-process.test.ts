// The Electron main process against a mocked 'electron' (the binary cannot run on this machine).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BRIDGE_METHOD_NAMES, CONTENT_SECURITY_POLICY, channelFor } from '@shared/bridge';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    singleInstance: true,
    appListeners: new Map<string, Listener[]>(),
    handlers: new Map<string, Listener>(),
    windows: [] as FakeWindow[],
    headersListener: null as null | Listener,
    permissionRequest: null as null | Listener,
    permissionCheck: null as null | Listener,
    opened: [] as string[],
    quitCalls: 0,
    sandboxEnabled: false,
  };
  class FakeContents {
    listeners = new Map<string, Listener>();
    windowOpenHandler: null | Listener = null;
    mainFrame = { url: '', parent: null };
    on(name: string, fn: Listener) {
      this.listeners.set(name, fn);
      return this;
    }
    setWindowOpenHandler(fn: Listener) {
      this.windowOpenHandler = fn;
    }
  }
  class FakeWindow {
    webContents = new FakeContents();
    minimized = true;
    focused = false;
    loaded: string | null = null;
    constructor(public options: Record<string, unknown>) {
      state.windows.push(this);
      const created = state.appListeners.get('web-contents-created') ?? [];
      for (const fn of created) fn({}, this.webContents);
    }
    once() {}
    on() {}
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    show() {}
    focus() {
      this.focused = true;
    }
    async loadFile(file: string) {
      this.loaded = file;
      this.webContents.mainFrame.url = pathToFileURL(file).href;
    }
  }
  const session = {
    webRequest: { onHeadersReceived: (fn: Listener) => (state.headersListener = fn) },
    setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
    setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
  };
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => state.singleInstance,
    quit: () => void state.quitCalls++,
    exit: () => undefined,
    on: (name: string, fn: Listener) => {
      state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), fn]);
    },
    whenReady: () => Promise.resolve(),
    enableSandbox: () => void (state.sandboxEnabled = true),
    getVersion: () => '9.9.9',
    getPath: () => '/tmp',
  };
  return { state, FakeWindow, FakeContents, session, app };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  ipcMain: { handle: (channel: string, fn: Listener) => fake.state.handlers.set(channel, fn) },
  session: { defaultSession: fake.session },
  shell: { openExternal: async (url: string) => void fake.state.opened.push(url) },
  dialog: {},
  // Reversible stand-in for the OS keychain: the device key is sealed with it (see keystore tests).
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text: string) => Buffer.from(`sealed:${text}`),
    decryptString: (data: Buffer) => data.toString().replace(/^sealed:/, ''),
  },
  contextBridge: {},
  ipcRenderer: {},
}));

const { startMainProcess } = await import('../../../electron/src/main/app');
const { handleBridgeInvoke, isTrustedSender } = await import('../../../electron/src/main/ipc');

const paths = {
  preload: '/opt/linkdesk/dist/electron/preload.cjs',
  indexHtml: '/opt/linkdesk/dist/renderer/index.html',
};
const appUrl = pathToFileURL(paths.indexHtml).href;

async function start() {
  const home = await mkdtemp(path.join(tmpdir(), 'linkdesk-main-'));
  const main = startMainProcess(paths, { LINKDESK_HOME: home, LINKDESK_SERVER_URL: 'http://10.1.2.3:8787' });
  await main.ready;
  return { main, win: fake.state.windows.at(-1)!, home };
}

/** An IPC event as Electron would deliver it from `frame`. */
const eventFrom = (frame: { url: string; parent: unknown } | null, mainFrame: unknown = frame) =>
  ({ sender: { mainFrame }, senderFrame: frame }) as never;

beforeEach(() => {
  fake.state.singleInstance = true;
  fake.state.appListeners.clear();
  fake.state.handlers.clear();
  fake.state.windows.length = 0;
  fake.state.opened.length = 0;
  fake.state.quitCalls = 0;
});

describe('Electron main window', () => {
  it('uses context isolation, the sandbox, no Node integration and web security, with our preload', async () => {
    const { win } = await start();
    expect(win.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(win.loaded).toBe(paths.indexHtml);
    expect(win.options.title).toBe('科技联动工作台 LinkDesk');
  });

  it('sends the strict CSP as a response header, replacing any other', async () => {
    await start();
    let answer: unknown;
    fake.state.headersListener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r: unknown) => (answer = r),
    );
    expect(answer).toEqual({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('denies every permission request and check', async () => {
    await start();
    const answers: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (ok: boolean) => answers.push(ok));
    fake.state.permissionRequest!({}, 'notifications', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(fake.state.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('blocks navigation (top frame and sub-frames), redirects and webviews', async () => {
    const { win } = await start();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      win.webContents.listeners.get(name)!(event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalledOnce();
    }
  });

  it('denies window.open; only allow-listed http(s) links go to the system browser', async () => {
    const { win } = await start();
    const open = (url: string) => win.webContents.windowOpenHandler!({ url });
    expect(open('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('https://kjt.hebei.gov.cn/news')).toEqual({ action: 'deny' });
    expect(open('http://10.1.2.3:8787/updates/')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@kjt.hebei.gov.cn/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.state.opened).toEqual(['https://kjt.hebei.gov.cn/news', 'http://10.1.2.3:8787/updates/']);
  });

  it('registers exactly one IPC handler per bridge method', async () => {
    await start();
    expect([...fake.state.handlers.keys()].sort()).toEqual(BRIDGE_METHOD_NAMES.map(channelFor).sort());
  });
});

describe('single-instance lock', () => {
  it('a second instance quits without opening a window', async () => {
    fake.state.singleInstance = false;
    const main = startMainProcess(paths, {});
    await main.ready;
    expect(fake.state.quitCalls).toBe(1);
    expect(fake.state.windows).toEqual([]);
    expect(fake.state.handlers.size).toBe(0);
  });

  it('the first instance restores and focuses its window when a second one starts', async () => {
    const { win } = await start();
    for (const fn of fake.state.appListeners.get('second-instance')!) fn();
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });
});

describe('bridge IPC wrapper', () => {
  it('serves a call from the main frame of our page', async () => {
    const { win, home } = await start();
    const handler = fake.state.handlers.get(channelFor('appInfo'))!;
    const envelope = await handler(eventFrom(win.webContents.mainFrame, win.webContents.mainFrame), null);
    expect(envelope).toEqual({
      ok: true,
      value: {
        version: '9.9.9',
        shell: 'electron',
        platform: `${process.platform}-${process.arch}`,
        dataDir: home,
        serverUrl: 'http://10.1.2.3:8787',
        keystore: 'safeStorage',
      },
    });
  });

  const services = {
    appInfo: vi.fn(),
    saveFile: vi.fn(),
    openFile: vi.fn(),
    writeBackup: vi.fn(),
    chooseFolder: vi.fn(),
    keystoreStatus: vi.fn(),
    keystoreGenerate: vi.fn(),
    keystoreSign: vi.fn(),
    keystoreImportCertificate: vi.fn(),
    syncConfigure: vi.fn(),
    syncHttp: vi.fn(),
    updateStatus: vi.fn(),
    updateCheck: vi.fn(),
    updateDownload: vi.fn(),
    updateInstall: vi.fn(),
  };
  const mainFrame = { url: `${appUrl}#/settings`, parent: null };

  it('refuses a sub-frame, even one showing our page', async () => {
    const sub = { url: appUrl, parent: mainFrame };
    expect(isTrustedSender(eventFrom(sub, mainFrame), appUrl)).toBe(false);
    expect(
      await handleBridgeInvoke(services, appUrl, channelFor('appInfo'), eventFrom(sub, mainFrame), null),
    ).toMatchObject({ ok: false, error: { code: 'BRIDGE_FORBIDDEN' } });
  });

  it.each([
    ['a web page', 'https://evil.example/index.html'],
    ['another local file', 'file:///tmp/evil/index.html'],
    ['our folder but another file', 'file:///opt/linkdesk/dist/renderer/other.html'],
    ['an unparsable URL', 'not a url'],
  ])('refuses the main frame of %s', async (_name, url) => {
    const frame = { url, parent: null };
    expect(await handleBridgeInvoke(services, appUrl, channelFor('saveFile'), eventFrom(frame), null)).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_FORBIDDEN' },
    });
  });

  it('refuses a destroyed frame', async () => {
    expect(
      await handleBridgeInvoke(services, appUrl, channelFor('appInfo'), eventFrom(null, mainFrame), null),
    ).toMatchObject({ ok: false, error: { code: 'BRIDGE_FORBIDDEN' } });
  });

  it('refuses an unknown channel', async () => {
    expect(
      await handleBridgeInvoke(services, appUrl, 'linkdesk:bridge:runShell', eventFrom(mainFrame), null),
    ).toMatchObject({ ok: false, error: { code: 'BRIDGE_UNKNOWN_METHOD' } });
  });

  it('refuses a bad payload before any host code runs', async () => {
    const envelope = await handleBridgeInvoke(services, appUrl, channelFor('saveFile'), eventFrom(mainFrame), {
      suggestedName: '../x',
      mime: 'text/plain',
      dataBase64: '',
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_BAD_PAYLOAD', message: expect.stringContaining('args.suggestedName') },
    });
    for (const fn of Object.values(services)) expect(fn).not.toHaveBeenCalled();
  });
});
