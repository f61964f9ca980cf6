// `npm run server` as a child process: the one-line start message, a healthy /healthz on the embedded PostgreSQL
// under DATA_DIR, and a clean stop on SIGTERM that also stops the cluster.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'linkdesk-main-')), 'server');
chmodSync(path.dirname(dataDir), 0o755);
afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

it('starts on the embedded PostgreSQL, reports healthy, and stops cleanly on SIGTERM', async () => {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const found = output.split('\n').find((l) => l.startsWith('LinkDesk server listening on'));
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  expect(line).toMatch(
    /^LinkDesk server listening on http:\/\/127\.0\.0\.1:\d+ — database: embedded PostgreSQL in .*\/server\/pg$/,
  );
  const url = /(http:\/\/\S+)/.exec(line)![1]!;
  const health = await (await fetch(`${url}/healthz`)).json();
  expect(health).toMatchObject({
    ok: true,
    database: { kind: 'embedded', version: expect.stringMatching(/^PostgreSQL 18/) },
    migrations: { level: health.migrations.latest },
  });
  expect(existsSync(path.join(dataDir, 'admin-token'))).toBe(true);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
}, 120_000);
