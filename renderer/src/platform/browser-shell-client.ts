/**
 * The desktop bridge in the browser shell: same-origin `POST /bridge/<method>` to the Node host that served
 * this page, with the per-launch token in a header. The host puts the token in the launch URL fragment
 * (`#token=…`); it is moved into sessionStorage and removed from the address bar on first load, before the
 * router reads the hash (this module does it when first imported).
 */
import {
  BRIDGE_TOKEN_HEADER,
  BridgeError,
  type DesktopBridge,
  LAUNCH_TOKEN_PARAM,
  type OpenFileArgs,
  type OpenedFile,
  bridgePathFor,
  createRpcBridge,
} from '@shared/bridge';

const TOKEN_STORAGE_KEY = 'linkdesk.shellToken';

/** Moves `#token=…` from the URL into sessionStorage (kept per tab, gone when the shell window closes). */
export function consumeLaunchToken(win: Window = window): string | null {
  const match = new RegExp(`^#${LAUNCH_TOKEN_PARAM}=([A-Za-z0-9_-]{16,256})$`).exec(win.location.hash);
  if (match?.[1]) {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, match[1]);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

export interface BrowserShellClientOptions {
  token: string;
  fetch?: typeof fetch;
  /** Asks the user for a file in the page itself (the host has no dialog to show); defaults to an <input type=file>. */
  pickFile?: (args: OpenFileArgs) => Promise<OpenedFile | null>;
}

export function createBrowserShellClient(options: BrowserShellClientOptions): DesktopBridge {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const remote = createRpcBridge(async (method, payload) => {
    const response = await doFetch(bridgePathFor(method), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [BRIDGE_TOKEN_HEADER]: options.token },
      body: JSON.stringify(payload),
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BridgeError('BRIDGE_UNAVAILABLE', `browser shell answered HTTP ${response.status} without an envelope`);
    }
  });
  const pickFile = options.pickFile ?? pickFileInPage;
  return Object.freeze({ ...remote, openFile: (args: OpenFileArgs) => pickFile(args) });
}

/** A real file chooser in Chromium. Resolves null when the user cancels. */
export function pickFileInPage(args: OpenFileArgs): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = args.accept.join(',');
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.arrayBuffer().then(
        (buffer) => resolve({ name: file.name, dataBase64: bytesToBase64(new Uint8Array(buffer)) }),
        (error: unknown) =>
          reject(new BridgeError('BRIDGE_IO_FAILED', `could not read ${file.name}: ${String(error)}`)),
      );
    });
    input.click();
  });
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

if (typeof window !== 'undefined' && typeof window.sessionStorage !== 'undefined') consumeLaunchToken();
