// `npm run lint` runs knip (knip.jsonc): an export nothing imports, a file nothing reaches, or a dependency
// nothing uses fails lint. This test writes a real probe into the tree, runs the real check, and asserts it
// names the probe's dead export and only that.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

const ROOT = resolve(import.meta.dirname, '../../..');
const tag = `knip_probe_${randomUUID().slice(0, 8)}`;
const probes = [join(ROOT, `shared/src/${tag}.ts`), join(ROOT, `build/${tag}.mjs`)];

afterAll(() => {
  for (const file of probes) rmSync(file, { force: true });
});

function knip(): { code: number; out: string } {
  try {
    const out = execFileSync('npx', ['knip', '--no-progress', '--reporter', 'compact'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, out };
  } catch (error) {
    const { status, stdout } = error as { status: number; stdout: string };
    return { code: status, out: stdout };
  }
}

describe('unused exports in npm run lint', () => {
  it('the check is part of npm run lint', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toMatch(/\bknip\b/);
  });

  it('fails on an export nothing imports, and on that export only', { timeout: 180_000 }, () => {
    // A build script (an entry point) uses one export of a shared module; the other is dead.
    writeFileSync(probes[0]!, 'export const probeUsed = 1;\nexport function probeDead(): number {\n  return 2;\n}\n');
    writeFileSync(probes[1]!, `import { probeUsed } from '../shared/src/${tag}.ts';\nconsole.log(probeUsed);\n`);
    const { code, out } = knip();
    expect(code).not.toBe(0);
    const aboutProbe = out.split('\n').filter((l) => l.includes(tag));
    expect(aboutProbe.join('\n')).toMatch(/probeDead/);
    expect(aboutProbe.join('\n')).not.toMatch(/probeUsed/);
  });
});
