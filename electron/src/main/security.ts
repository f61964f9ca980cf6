/**
 * The Electron security baseline in one place: web preferences, the CSP response header, blocked navigation
 * and pop-ups, allow-listed external links, permissions denied by default.
 */
import { type Session, type WebContents, type WebPreferences, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@shared/bridge';

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

/** Sends the renderer's CSP as a response header on every response of the session (the page also has the meta tag). */
export function installContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Camera, microphone, geolocation, notifications, …: nothing is granted. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * http(s) links that may open in the system browser: the provincial server and these public sites.
 * Anything else a page tries to open is simply dropped.
 */
export const EXTERNAL_LINK_ORIGINS = ['https://kjt.hebei.gov.cn', 'https://www.most.gov.cn'] as const;

export function isAllowedExternalUrl(url: string, serverUrl: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username || parsed.password) return false;
  const allowed: string[] = [...EXTERNAL_LINK_ORIGINS];
  if (serverUrl) allowed.push(new URL(serverUrl).origin);
  return allowed.includes(parsed.origin);
}

/** No page may navigate away from the app, open windows, or embed webviews; allowed links go to the system browser. */
export function lockDownContents(contents: WebContents, serverUrl: string | null): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, serverUrl)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
