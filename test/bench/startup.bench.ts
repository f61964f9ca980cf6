// Start-up: how long until the provincial server answers /healthz (cold: a fresh embedded PostgreSQL is
// initialised; warm: the same data folder again), and until the browser shell serves the app.
// Floors: a bare `node -e` process start, and a bare node:http server answering its first request.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForOk } from './process-support';
import { entry, type BenchEntry } from './types';

const ROOT = join(import.meta.dirname, '../..');

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Milliseconds from spawn until `url` answers 200. */
async function timeUntilOk(command: string, args: string[], env: Record<string, string>, url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    await waitForOk(url, child);
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

export default async function bench(): Promise<BenchEntry[]> {
  if (
    !existsSync(join(ROOT, 'dist/electron/browser-shell.cjs')) ||
    !existsSync(join(ROOT, 'dist/renderer/index.html'))
  ) {
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    if (built.status !== 0) throw new Error('npm run build failed: the start-up bench needs dist/');
  }
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const nodeFloor = await (async () => {
    const started = performance.now();
    await new Promise((r) => spawn(process.execPath, ['-e', '0']).once('exit', r));
    return performance.now() - started;
  })();

  const dataDir = mkdtempSync(join(tmpdir(), 'ld-bench-start-'));
  try {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const health = `http://127.0.0.1:${port}/healthz`;
    const cold = await timeUntilOk(tsx, ['server/src/main.ts'], env, health);
    const warm = await timeUntilOk(tsx, ['server/src/main.ts'], env, health);

    const shellPort = await freePort();
    const shellFloor = await timeUntilOk(
      process.execPath,
      ['-e', `require('node:http').createServer((q,s)=>s.end('ok')).listen(${shellPort},'127.0.0.1')`],
      {},
      `http://127.0.0.1:${shellPort}/`,
    );
    const shell = await timeUntilOk(
      process.execPath,
      ['dist/electron/browser-shell.cjs'],
      { LINKDESK_SHELL_PORT: String(shellPort), LINKDESK_NO_OPEN: '1', LINKDESK_HOME: join(dataDir, 'desktop') },
      `http://127.0.0.1:${shellPort}/`,
    );
    return [
      entry('server cold start to healthy (initdb + migrations)', cold, 'ms', nodeFloor),
      entry('server warm start to healthy', warm, 'ms', nodeFloor),
      entry('browser shell start to app served', shell, 'ms', shellFloor),
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
