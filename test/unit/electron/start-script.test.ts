// `npm start` decisions: is the Electron binary there (without ever triggering its download), is a build stale.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import * as startScript from '../../../build/start.mjs';

const { findElectronBinary, isStale } = startScript as {
  findElectronBinary(
    root: string,
    env?: Record<string, string | undefined>,
  ): { path: string | null; reason: string; zh: string };
  isStale(outputs: string[], inputs: string[]): boolean;
};

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'linkdesk-start-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Electron binary detection', () => {
  it('reports a missing package, a never-downloaded binary, and a present one', async () => {
    expect(findElectronBinary(root, {})).toMatchObject({ path: null, reason: expect.stringContaining('npm ci') });
    const pkg = path.join(root, 'node_modules', 'electron');
    await mkdir(pkg, { recursive: true });
    expect(findElectronBinary(root, {})).toMatchObject({
      path: null,
      reason: expect.stringContaining('never downloaded'),
    });
    await writeFile(path.join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toMatchObject({ path: null, reason: expect.stringContaining('incomplete') });
    await mkdir(path.join(pkg, 'dist'));
    await writeFile(path.join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toEqual({
      path: path.join(pkg, 'dist', 'electron'),
      reason: 'found node_modules/electron/dist/electron',
      zh: '找到 node_modules/electron/dist/electron',
    });
  });
});

describe('staleness', () => {
  it('is stale when an output is missing or older than an input', async () => {
    const input = path.join(root, 'src', 'a.ts');
    const output = path.join(root, 'out.js');
    await mkdir(path.dirname(input));
    await writeFile(input, '');
    expect(isStale([output], [path.join(root, 'src')])).toBe(true);
    await writeFile(output, '');
    await utimes(input, new Date(1_000_000), new Date(1_000_000));
    expect(isStale([output], [path.join(root, 'src')])).toBe(false);
    await utimes(input, new Date(), new Date(Date.now() + 60_000));
    expect(isStale([output], [path.join(root, 'src')])).toBe(true);
  });
});

describe('npm start on a busy shell port, and Ctrl+C', () => {
  const { portIsFree, stoppedLine } = startScript as {
    portIsFree(port: number): Promise<boolean>;
    stoppedLine(started: { app: boolean; server: boolean }): string;
  };

  it('sees a port something listens on as busy, and a closed one as free', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await portIsFree(port)).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portIsFree(port)).toBe(true);
  });

  it('says what Ctrl+C stopped: the app and the server it started', () => {
    expect(stoppedLine({ app: true, server: true })).toBe(
      '已停止应用和本地省级服务器 · Stopped the app and the local server.',
    );
    expect(stoppedLine({ app: true, server: false })).toBe('已停止应用 · Stopped the app.');
  });
});
