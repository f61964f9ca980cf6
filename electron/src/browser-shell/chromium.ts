/** Finding and opening a Chromium in app mode for the browser shell. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** CHROME_PATH when set, else the usual install locations, else the same names on PATH; null when none. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : null;
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** The one message every caller shows when no Chromium is installed (Playwright cannot download browsers here). */
export const CHROMIUM_MISSING =
  'Chromium not found: install it with `apt-get install -y chromium`, or set CHROME_PATH to a Chromium/Chrome executable.';

/** findChromium(), or an error naming the fix. */
export function requireChromium(env: Record<string, string | undefined> = process.env): string {
  const found = findChromium(env);
  if (!found) throw new Error(CHROMIUM_MISSING);
  return found;
}

/** Why a window cannot be shown here, or null when it can (Linux needs an X11 or Wayland display). */
export function noDisplayReason(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)';
}

export function chromiumAppArgs(url: string, profileDir: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    // Chromium refuses to start as root with its sandbox; the page still runs with the host's CSP and token.
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export function openChromiumApp(executable: string, url: string, profileDir: string): ChildProcess {
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return spawn(executable, chromiumAppArgs(url, profileDir, runningAsRoot), { stdio: 'ignore' });
}
