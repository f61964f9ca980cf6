/**
 * Where the desktop app keeps its files (backups, exports, the browser shell's Chromium profile, later keys):
 *  1. `LINKDESK_HOME` when set (a relative value is taken from the working directory);
 *  2. in a packaged Electron app, Electron's per-user folder (`%APPDATA%\科技联动工作台`, `~/.config/科技联动工作台`);
 *  3. in development (`npm start` from the repository), `./data/desktop`.
 * The renderer's own records live in IndexedDB inside the browser profile, not here.
 */
import path from 'node:path';

export interface DataDirInput {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Electron's app.getPath('userData') when running packaged; undefined in development and the browser shell. */
  packagedUserData?: string;
}

export function resolveDataDir({ env, cwd, packagedUserData }: DataDirInput): string {
  const fromEnv = env.LINKDESK_HOME?.trim();
  if (fromEnv) return path.resolve(cwd, fromEnv);
  if (packagedUserData) return packagedUserData;
  return path.resolve(cwd, 'data', 'desktop');
}

/** The provincial server this desktop talks to: `LINKDESK_SERVER_URL`, or null when none is configured. */
export function resolveServerUrl(env: Record<string, string | undefined>): string | null {
  const url = env.LINKDESK_SERVER_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\/[^/\s]+/.test(url))
    throw new Error(`LINKDESK_SERVER_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
  return url.replace(/\/+$/, '');
}
