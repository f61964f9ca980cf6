/**
 * The renderer's only door to its host. getBridge() picks, in order:
 *  1. `window.linkdesk` — exposed by the Electron preload through contextBridge;
 *  2. the browser-shell client — when this page was launched by the browser-shell host (token present);
 *  3. otherwise it throws BRIDGE_UNAVAILABLE (e.g. the page opened as a plain file or from `vite dev`).
 * Unit tests call installBridge(createTestingBridge()) (test/support/testing-bridge.ts).
 */
import { BRIDGE_METHOD_NAMES, BridgeError, type DesktopBridge } from '@shared/bridge';
import { consumeLaunchToken, createBrowserShellClient, storedToken } from './browser-shell-client';

export type { AppInfo, DesktopBridge } from '@shared/bridge';
export { BridgeError } from '@shared/bridge';
export { onShellConnection, shellConnection } from './browser-shell-client';

declare global {
  interface Window {
    /** Set by electron/src/preload/preload.ts. */
    readonly linkdesk?: DesktopBridge;
  }
}

let current: DesktopBridge | null = null;

export function getBridge(): DesktopBridge {
  current ??= pickBridge();
  return current;
}

/** Whether a host bridge is reachable (Electron preload or a browser-shell launch). */
export function hasBridge(): boolean {
  try {
    getBridge();
    return true;
  } catch {
    return false;
  }
}

/** Replaces the bridge (tests), or forgets it so the next getBridge() picks again (null). */
export function installBridge(bridge: DesktopBridge | null): void {
  current = bridge;
}

function pickBridge(): DesktopBridge {
  if (typeof window === 'undefined')
    throw new BridgeError('BRIDGE_UNAVAILABLE', 'no window: call installBridge() in tests');
  if (window.linkdesk) return restoreErrorCodes(window.linkdesk);
  consumeLaunchToken(window);
  // Served over http by the browser shell: the stored token is read on every call, so a tab without one yet (or a
  // restarted shell) connects as soon as it is there; until then the connection state says why.
  if (window.location.protocol === 'http:') return createBrowserShellClient({ token: () => storedToken(window) });
  throw new BridgeError('BRIDGE_UNAVAILABLE', 'no desktop host: start the app with `npm start`');
}

/** contextBridge copies only the message of a rejected error; BridgeError puts the code in the message. */
function restoreErrorCodes(exposed: DesktopBridge): DesktopBridge {
  const wrapped: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const method of BRIDGE_METHOD_NAMES) {
    const fn = exposed[method] as (args: unknown) => Promise<unknown>;
    wrapped[method] = async (args) => {
      try {
        return await fn(args);
      } catch (error) {
        throw BridgeError.from(error);
      }
    };
  }
  return Object.freeze(wrapped) as unknown as DesktopBridge;
}
