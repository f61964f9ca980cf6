// Imports flow only towards shared/. These tests write a real probe file into each runtime folder,
// lint it with the project's own ESLint config, and assert which imports are refused.
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });
const probes: string[] = [];

async function lintProbe(relPath: string, source: string): Promise<string[]> {
  const file = join(ROOT, relPath.replace('PROBE', `__lint_probe_${randomUUID().slice(0, 8)}`));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  probes.push(file);
  const [result] = await eslint.lintFiles([file]);
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

afterAll(() => {
  for (const file of probes) rmSync(file, { force: true });
});

// The first lint builds the TypeScript program for the whole tree: slow on a shared machine, hence the long timeout.
describe('import boundaries', { timeout: 180_000 }, () => {
  it('refuses a renderer/ file importing from server/', async () => {
    const errors = await lintProbe('renderer/src/PROBE.ts', "export { loadConfig } from '../../server/src/config';\n");
    expect(errors.join('\n')).toMatch(/do not import server\//);
  });

  it('refuses a renderer/ file importing electron/ or Node built-ins', async () => {
    const errors = await lintProbe(
      'renderer/src/PROBE.ts',
      "import '../../electron/src/host/index';\nimport { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/do not import electron\//);
    expect(errors.join('\n')).toMatch(/no Node built-ins/);
  });

  it('refuses server/ importing renderer/ and electron/ importing server/', async () => {
    expect(await lintProbe('server/src/PROBE.ts', "import '../../renderer/src/main';\nexport {};\n")).toHaveLength(1);
    expect(await lintProbe('electron/src/PROBE.ts', "import '../../server/src/app';\nexport {};\n")).toHaveLength(1);
  });

  it('keeps shared/ pure: no Node built-ins, no runtime libraries, no DOM globals, nothing of ours', async () => {
    const errors = await lintProbe(
      'shared/src/PROBE.ts',
      [
        "import { createHash } from 'node:crypto';",
        "import Dexie from 'dexie';",
        "import '../../renderer/src/main';",
        'export const x = [createHash, Dexie, window.location.href];',
        '',
      ].join('\n'),
    );
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toMatch(/no Node built-ins/);
    expect(errors.join('\n')).toMatch(/no runtime-specific libraries/);
    expect(errors.join('\n')).toMatch(/do not import renderer\//);
    expect(errors.join('\n')).toMatch(/window/);
  });

  it('keeps the headless device client (device/) to shared/ and Node: no electron/, server/ or Electron', async () => {
    const errors = await lintProbe(
      'device/src/PROBE.ts',
      "import '../../electron/src/host/index';\nimport '../../server/src/app';\nimport 'electron';\nexport {};\n",
    );
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/do not import electron\//);
    expect(errors.join('\n')).toMatch(/do not import server\//);
    expect(errors.join('\n')).toMatch(/plain Node/);
  });

  it('allows every runtime to import shared/', async () => {
    for (const folder of ['renderer', 'electron', 'device', 'server']) {
      const errors = await lintProbe(
        `${folder}/src/PROBE.ts`,
        "import { ENTITY_NAMES } from '@shared/change/op';\nexport const n = ENTITY_NAMES.length;\n",
      );
      expect(errors, folder).toEqual([]);
    }
  });
});
