// `npm run lint` runs build/check-tree.mjs: no import cycle in our source and no two paths that differ only
// by case. These tests write real probe files into the tree, run the real check, and assert it refuses them.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

const ROOT = resolve(import.meta.dirname, '../../..');
let probes: string[] = [];

function write(relPath: string, source: string): void {
  const file = join(ROOT, relPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  probes.push(file);
}

/** Runs the check; returns its exit code and what it printed about the probe files. */
function checkTree(tag: string): { code: number; report: string } {
  try {
    execFileSync('node', ['build/check-tree.mjs'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, report: '' };
  } catch (error) {
    const { status, stderr } = error as { status: number; stderr: string };
    return {
      code: status,
      report: stderr
        .split('\n')
        .filter((l) => l.includes(tag))
        .join('\n'),
    };
  }
}

afterEach(() => {
  for (const file of probes) rmSync(file, { force: true, recursive: true });
  probes = [];
});

describe('tree checks in npm run lint', { timeout: 120_000 }, () => {
  it('the script is part of npm run lint', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toContain('node build/check-tree.mjs');
  });

  it('refuses an import cycle, including one closed by a type-only import', () => {
    const tag = `probe_${randomUUID().slice(0, 8)}`;
    write(`server/src/${tag}_a.ts`, `import { b } from './${tag}_b';\nexport const a = () => b;\n`);
    write(`server/src/${tag}_b.ts`, `import type { c } from './${tag}_c';\nexport const b = 1 as unknown as c;\n`);
    write(`server/src/${tag}_c.ts`, `import { a } from './${tag}_a';\nexport type c = ReturnType<typeof a>;\n`);
    const { code, report } = checkTree(tag);
    expect(code).toBe(1);
    expect(report).toMatch(/import cycle/);
    expect(report).toContain(`${tag}_a.ts`);
    expect(report).toContain(`${tag}_c.ts`);
  });

  it('refuses a cycle through the @shared alias', () => {
    const tag = `probe_${randomUUID().slice(0, 8)}`;
    write(`shared/src/${tag}_x.ts`, `import { y } from '@shared/${tag}_y';\nexport const x = () => y;\n`);
    write(`shared/src/${tag}_y.ts`, `import { x } from './${tag}_x';\nexport const y = () => x;\n`);
    const { code, report } = checkTree(tag);
    expect(code).toBe(1);
    expect(report).toMatch(/import cycle/);
  });

  it('refuses two paths that differ only by case, also a module beside a component of the same name', () => {
    const tag = `probe_${randomUUID().slice(0, 8)}`;
    probes.push(join(ROOT, `renderer/src/${tag}`), join(ROOT, `docs/${tag}`));
    write(`renderer/src/${tag}/Widget.tsx`, 'export const Widget = 1;\n');
    write(`renderer/src/${tag}/widget.ts`, 'export const widget = 1;\n');
    write(`docs/${tag}/Notes.md`, '# a\n');
    write(`docs/${tag}/notes.md`, '# b\n');
    const { code, report } = checkTree(tag);
    expect(code).toBe(1);
    expect(report).toMatch(/differ only by case.*Widget.*widget/);
    expect(report).toMatch(/differ only by case.*Notes\.md.*notes\.md/);
  });

  it('passes the tree as it is', () => {
    expect(checkTree('').code).toBe(0);
  });
});
