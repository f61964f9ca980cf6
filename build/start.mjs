#!/usr/bin/env node
// `npm start`: build what is missing or stale, start the local provincial server when none is configured,
// then open the app — in the Electron window when the Electron binary is present, else in the browser shell.
// Ctrl+C stops everything this script started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SERVER_PORT = 8787;
const DEFAULT_SHELL_PORT = 5178;

/**
 * The Electron executable if it has been downloaded (node_modules/electron/path.txt names it under dist/).
 * Never `require('electron')` to find out: that starts a download.
 * @returns {{ path: string | null, reason: string, zh: string }}
 */
export function findElectronBinary(root = ROOT, env = process.env) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(pkg))
    return {
      path: null,
      reason: 'node_modules/electron is not installed (run npm ci)',
      zh: 'node_modules/electron 未安装，请先运行 npm ci',
    };
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      path: null,
      reason:
        'node_modules/electron/dist is missing — the binary was never downloaded; online, `npx electron --version` fetches it',
      zh: 'node_modules/electron/dist 缺失，Electron 二进制未下载；联网时运行 npx electron --version 即可下载',
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  const executable = path.join(base, relative);
  const shown = path.relative(root, executable);
  if (!existsSync(executable))
    return {
      path: null,
      reason: `${shown} is missing — the binary download is incomplete`,
      zh: `${shown} 缺失，Electron 下载不完整`,
    };
  return { path: executable, reason: `found ${shown}`, zh: `找到 ${shown}` };
}

/** Newest modification time (ms) of the files under `entries` (files or folders), 0 when none exist. */
export function newestMtime(entries) {
  let newest = 0;
  const visit = (p) => {
    let info;
    try {
      info = statSync(p);
    } catch {
      return;
    }
    if (info.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const e of entries) visit(e);
  return newest;
}

/** True when any output is missing or older than the newest input. */
export function isStale(outputs, inputs) {
  if (outputs.some((o) => !existsSync(o))) return true;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return newestMtime(inputs) > oldestOutput;
}

const at = (...p) => path.join(ROOT, ...p);
const RENDERER_INPUTS = [at('renderer'), at('shared', 'src'), at('vite.config.ts'), at('package.json')];
const ELECTRON_INPUTS = [at('electron', 'src'), at('shared', 'src'), at('build', 'bundle-electron.mjs')];
const ELECTRON_OUTPUTS = ['main.cjs', 'preload.cjs', 'browser-shell.cjs'].map((f) => at('dist', 'electron', f));

const children = new Set();
let stopping = false;

function run(name, command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping || !options.essential) return;
    if (code === 0) {
      console.log(`[start] ${name} closed; stopping LinkDesk.`);
      void stopAll(0);
    } else {
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping LinkDesk.`);
      void stopAll(1);
    }
  });
  return child;
}

function waitForExit(child) {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

/** What runs, for the goodbye line: the app and, when started here, the local server. */
const started = { app: false, server: false };

async function stopAll(code, why) {
  if (stopping) return;
  stopping = true;
  const running = [...children];
  if (why === 'interrupt' && running.length > 0) console.log('[start] 正在停止… · stopping…');
  for (const child of running) child.kill('SIGTERM');
  const killer = setTimeout(() => running.forEach((c) => c.kill('SIGKILL')), 15_000);
  await Promise.all(running.map(waitForExit));
  clearTimeout(killer);
  if (why === 'interrupt') console.log(`[start] ${stoppedLine(started)}`);
  process.exit(code);
}

/** Ctrl+C says what it stopped. */
export function stoppedLine({ app, server }) {
  if (app && server) return '已停止应用和本地省级服务器 · Stopped the app and the local server.';
  if (app) return '已停止应用 · Stopped the app.';
  if (server) return '已停止本地省级服务器 · Stopped the local server.';
  return '已停止 · Stopped.';
}

/** Resolves true when nothing listens on 127.0.0.1:port (a listen there succeeds). */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The browser shell's token, kept in the data folder so an open page reconnects after a restart (same file as the shell). */
function shellToken() {
  if (process.env.LINKDESK_TOKEN) return process.env.LINKDESK_TOKEN;
  const dir = process.env.LINKDESK_HOME?.trim()
    ? path.resolve(process.env.LINKDESK_HOME.trim())
    : at('data', 'desktop');
  const file = path.join(dir, 'shell-token');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,256}$/.test(kept)) return kept;
  } catch {
    // none yet
  }
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

async function buildIfStale() {
  const tasks = [];
  if (isStale([at('dist', 'renderer', 'index.html')], RENDERER_INPUTS)) {
    console.log('[start] building the renderer (vite build)…');
    tasks.push(
      new Promise((resolve, reject) => {
        const child = run('vite build', process.execPath, [
          at('node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--logLevel',
          'warn',
        ]);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code})`))));
      }),
    );
  }
  if (isStale(ELECTRON_OUTPUTS, ELECTRON_INPUTS)) {
    console.log('[start] bundling the desktop host (esbuild)…');
    tasks.push(import('./bundle-electron.mjs').then((m) => m.bundleElectron(at('dist', 'electron'))));
  }
  await Promise.all(tasks);
}

async function isHealthy(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

/** The provincial server URL: LINKDESK_SERVER_URL, or the local server (started here unless already running). */
async function ensureServer() {
  const configured = process.env.LINKDESK_SERVER_URL?.trim();
  if (configured) {
    console.log(`[start] provincial server: ${configured} (LINKDESK_SERVER_URL)`);
    return configured;
  }
  const port = Number(process.env.PORT || DEFAULT_SERVER_PORT);
  const url = `http://127.0.0.1:${port}`;
  if (await isHealthy(`${url}/healthz`)) {
    console.log(`[start] a local server is already running at ${url}; using it`);
    return url;
  }
  console.log(`[start] no LINKDESK_SERVER_URL: starting the local provincial server (data in ./data/server)…`);
  started.server = true;
  // The same command as `npm run server`, without npm in between so signals reach the server directly.
  run(
    'local server',
    process.execPath,
    [at('node_modules', 'tsx', 'dist', 'cli.mjs'), at('server', 'src', 'main.ts')],
    {
      essential: true,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: process.env.DATA_DIR || at('data', 'server'),
        LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      },
    },
  );
  return url;
}

async function main() {
  const startedAt = Date.now();
  process.on('SIGINT', () => void stopAll(0, 'interrupt'));
  process.on('SIGTERM', () => void stopAll(0, 'interrupt'));

  // A busy shell port is said first, before anything is built or started (not a URL and「ready」, then a failure).
  const port = Number(process.env.LINKDESK_SHELL_PORT || DEFAULT_SHELL_PORT);
  const wantsShell = process.env.LINKDESK_SHELL === 'browser' || !findElectronBinary().path;
  if (wantsShell && !(await portIsFree(port))) {
    console.error(
      `[start] 端口 ${port} 已被占用：LinkDesk 可能已经在运行（请使用已打开的窗口），或设置 LINKDESK_SHELL_PORT 换一个端口。 · Port ${port} is in use: LinkDesk may already be running (use its window), or set LINKDESK_SHELL_PORT to another port.`,
    );
    process.exit(1);
  }

  const serverUrlPromise = ensureServer();
  await buildIfStale();
  const serverUrl = await serverUrlPromise;
  if (!process.env.LINKDESK_SERVER_URL)
    await waitUntil('the local server', () => isHealthy(`${serverUrl}/healthz`), 60_000);
  const env = { ...process.env, LINKDESK_SERVER_URL: serverUrl };

  const electron = findElectronBinary();
  if (electron.path && process.env.LINKDESK_SHELL !== 'browser') {
    console.log(`[start] 使用 Electron 窗口（${electron.zh}） · Using the Electron window (${electron.reason}).`);
    run('Electron', electron.path, ['.'], { env, essential: true });
    started.app = true;
    return;
  }

  const token = shellToken();
  run('browser shell', process.execPath, [at('dist', 'electron', 'browser-shell.cjs')], {
    env: { ...env, LINKDESK_SHELL_PORT: String(port), LINKDESK_TOKEN: token },
    essential: true,
  });
  started.app = true;
  const base = `http://127.0.0.1:${port}/`;
  await waitUntil('the browser shell', () => isHealthy(base), 30_000);
  const zh = electron.path ? '已设置 LINKDESK_SHELL=browser' : `未找到 Electron 可执行文件（${electron.zh}）`;
  const en = electron.path ? 'LINKDESK_SHELL=browser is set' : `no Electron binary (${electron.reason})`;
  const secs = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(
    `[start] ${zh}，改用浏览器外壳：${base}#token=${token} · ${en}: using the browser shell at that address (ready in ${secs} s; Ctrl+C stops everything).`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    if (error.message !== 'stopping') console.error(`[start] ${error.message}`);
    void stopAll(1);
  });
}
