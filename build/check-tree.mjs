// Tree checks that ESLint cannot make file by file (run by `npm run lint`):
//  - no import cycle anywhere in our source (value or type imports: a cycle is a cycle to a reader);
//  - no two tracked paths that differ only by case (a trap on Windows' and macOS' file systems).
// Usage: node build/check-tree.mjs [--root DIR]. Exits 1 and lists each finding.
import ts from 'typescript';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { root: { type: 'string', default: process.cwd() } } });
const ROOT = resolve(values.root);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SOURCE_DIRS = ['shared/', 'renderer/', 'electron/', 'device/', 'server/', 'test/', 'build/'];

/** Tracked plus untracked-but-not-ignored files: a new file is checked before it is committed. */
function listFiles() {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split('\0').filter(Boolean))].filter((f) => existsSync(join(ROOT, f)));
}

/** `a/Foo.tsx` and `a/foo.ts` are distinct files, but the import `./foo` may find either one on Windows. */
const moduleName = (path) => path.replace(/\.(d\.ts|tsx?|mts|cts|jsx?|mjs|cjs)$/, '');

export function caseCollisions(paths) {
  const byLower = new Map();
  for (const path of new Set([...paths, ...paths.filter((p) => SOURCE.test(p)).map(moduleName)])) {
    // A folder collides too: `Pages/a.ts` and `pages/b.ts` land in one folder on Windows.
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const key = prefix.toLowerCase();
      const seen = byLower.get(key) ?? new Set();
      seen.add(prefix);
      byLower.set(key, seen);
    }
  }
  return [...byLower.values()].filter((s) => s.size > 1).map((s) => [...s].sort());
}

const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  resolveJsonModule: true,
  baseUrl: ROOT,
  paths: { '@shared/*': ['./shared/src/*'] },
};
const host = ts.createCompilerHost(compilerOptions);

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const targets = [];
  for (const ref of info.importedFiles) {
    const resolved = ts.resolveModuleName(ref.fileName, file, compilerOptions, host).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) continue;
    const target = resolve(resolved.resolvedFileName);
    if (target.startsWith(ROOT + '/') && !target.includes('/node_modules/')) targets.push(target);
  }
  return targets;
}

/** Tarjan's strongly connected components: every component of more than one file is a cycle. */
export function cyclesOf(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const components = [];
  const visit = (start) => {
    // Iterative, so a deep import chain cannot overflow the stack.
    const work = [[start, 0]];
    meta.set(start, { index, low: index, onStack: true });
    index++;
    stack.push(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const edges = graph.get(node) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const next = edges[i];
        if (!graph.has(next)) continue;
        if (!meta.has(next)) {
          meta.set(next, { index, low: index, onStack: true });
          index++;
          stack.push(next);
          work.push([next, 0]);
        } else if (meta.get(next).onStack) {
          meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).index);
        }
        continue;
      }
      work.pop();
      const m = meta.get(node);
      if (work.length) {
        const parent = meta.get(work[work.length - 1][0]);
        parent.low = Math.min(parent.low, m.low);
      }
      if (m.low === m.index) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          meta.get(member).onStack = false;
          component.push(member);
        } while (member !== node);
        const selfLoop = (graph.get(node) ?? []).includes(node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  };
  for (const node of graph.keys()) if (!meta.has(node)) visit(node);
  return components;
}

function main() {
  const files = listFiles();
  const problems = [];
  for (const group of caseCollisions(files)) {
    problems.push(`paths differ only by case (rename one): ${group.join('  ')}`);
  }
  const graph = new Map();
  for (const rel of files) {
    if (!SOURCE.test(rel) || rel.endsWith('.d.ts') || !SOURCE_DIRS.some((d) => rel.startsWith(d))) continue;
    if (rel.startsWith('test/fixtures/')) continue;
    const abs = join(ROOT, rel);
    graph.set(abs, importsOf(abs));
  }
  for (const component of cyclesOf(graph)) {
    problems.push(`import cycle: ${component.map((f) => relative(ROOT, f)).join(' <-> ')}`);
  }
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`check-tree: ${problems.length} problem(s) in ${relative(process.cwd(), ROOT) || '.'}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
