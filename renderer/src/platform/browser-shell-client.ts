/**
 * The desktop bridge in the browser shell: same-origin `POST /bridge/<method>` to the Node host that served
 * this page, with the per-launch token in a header. The host puts the token in the launch URL fragment
 * (`#token=…`); it is moved into localStorage and removed from the address bar on first load, before the
 * router reads the hash (this module does it when first imported).
 *
 * The connection recovers by itself: the shell keeps its token across restarts (a 0600 file in the data folder),
 * every call reads the stored token afresh, and a tab opened without the launch link picks the token up as soon as
 * the launch window stores it (a `storage` event). While the shell is away or the tab has no token, the connection
 * state says so (the page shows it), a probe retries, and the page reloads its data once the shell answers again.
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

/**
 * Moves `#token=…` from the URL into localStorage: same-origin only (no other site reads it), shared by this
 * origin's tabs, so a tab opened without the launch link connects too.
 */
export function consumeLaunchToken(win: Window = window): string | null {
  const match = new RegExp(`^#${LAUNCH_TOKEN_PARAM}=([A-Za-z0-9_-]{16,256})$`).exec(win.location.hash);
  if (match?.[1]) {
    win.localStorage.setItem(TOKEN_STORAGE_KEY, match[1]);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  return storedToken(win);
}

/** The launch token this origin holds now (read on every call: a restarted shell or another tab may renew it). */
export function storedToken(win: Window = window): string | null {
  return win.localStorage.getItem(TOKEN_STORAGE_KEY);
}

/** ok: the shell answers; lost: it does not (restarting) or refuses the token; no-token: this tab never got one. */
export type ShellConnection = 'ok' | 'lost' | 'no-token';

interface ConnectionState {
  state: ShellConnection;
  /** Moves on each time the connection comes back, so the page reloads what it showed. */
  epoch: number;
}

let connection: ConnectionState = { state: 'ok', epoch: 0 };
const listeners = new Set<() => void>();

export function shellConnection(): ConnectionState {
  return connection;
}

export function onShellConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setConnection(state: ShellConnection): void {
  if (state === connection.state) return;
  const back = state === 'ok';
  connection = { state, epoch: connection.epoch + (back ? 1 : 0) };
  for (const l of listeners) l();
  if (!back) probeSoon();
}

/** How often a lost connection is tried again. */
const PROBE_MS = 1500;
let probing: ReturnType<typeof setTimeout> | null = null;
let probe: (() => Promise<void>) | null = null;

function probeSoon(): void {
  if (probing !== null || !probe) return;
  probing = setTimeout(() => {
    probing = null;
    void probe?.().finally(() => {
      if (connection.state !== 'ok') probeSoon();
    });
  }, PROBE_MS);
}

export interface BrowserShellClientOptions {
  /** The token, or where to read it on every call (the stored one). */
  token: string | (() => string | null);
  fetch?: typeof fetch;
  /** Asks the user for a file in the page itself (the host has no dialog to show); defaults to an <input type=file>. */
  pickFile?: (args: OpenFileArgs) => Promise<OpenedFile | null>;
}

export function createBrowserShellClient(options: BrowserShellClientOptions): DesktopBridge {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const tokenNow = (): string | null => (typeof options.token === 'string' ? options.token : options.token());
  const send = async (method: Parameters<typeof bridgePathFor>[0], payload: unknown): Promise<unknown> => {
    const token = tokenNow();
    if (!token) {
      setConnection('no-token');
      throw new BridgeError('BRIDGE_FORBIDDEN', 'this tab was not opened through the launch link');
    }
    let response: Response;
    try {
      response = await doFetch(bridgePathFor(method), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
        body: JSON.stringify(payload),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      setConnection('lost');
      throw error;
    }
    const text = await response.text();
    let envelope: unknown;
    try {
      envelope = JSON.parse(text) as unknown;
    } catch {
      setConnection('lost');
      throw new BridgeError('BRIDGE_UNAVAILABLE', `browser shell answered HTTP ${response.status} without an envelope`);
    }
    const refused = (envelope as { ok?: unknown; error?: { code?: unknown } } | null)?.error?.code;
    setConnection(refused === 'BRIDGE_FORBIDDEN' ? 'lost' : 'ok');
    return envelope;
  };
  const remote = createRpcBridge(send);
  probe = async () => {
    try {
      await remote.appInfo();
    } catch {
      // still away: the next probe follows
    }
  };
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
