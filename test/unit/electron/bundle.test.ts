// The esbuild bundles: the sandboxed preload must be one self-contained file that requires only 'electron'.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations
import { bundleElectron } from '../../../build/bundle-electron.mjs';

let out: string;
const requiresOf = async (file: string): Promise<string[]> =>
  [
    ...new Set([...(await readFile(path.join(out, file), 'utf8')).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!)),
  ].sort();

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'linkdesk-bundle-'));
  await (bundleElectron as (dir: string) => Promise<void>)(out);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('electron bundles', () => {
  it('the preload requires nothing but electron (sandboxed preloads cannot load files)', async () => {
    expect(await requiresOf('preload.cjs')).toEqual(['electron']);
  });

  it('main requires only electron and Node built-ins; our code, @shared and electron-updater are inlined', async () => {
    const required = await requiresOf('main.cjs');
    expect(required).toContain('electron');
    expect(required.filter((name) => name !== 'electron' && !isBuiltin(name))).toEqual([]);
  });

  it('the browser shell does not need electron at all', async () => {
    const required = await requiresOf('browser-shell.cjs');
    expect(required.every((name) => name.startsWith('node:'))).toBe(true);
  });
});
