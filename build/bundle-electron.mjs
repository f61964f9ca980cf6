#!/usr/bin/env node
// Bundles the desktop host code with esbuild (CommonJS, Node platform):
//  - electron/src/main/main.ts         → dist/electron/main.cjs          (package.json "main")
//  - electron/src/preload/preload.ts   → dist/electron/preload.cjs       (one file: a sandboxed preload can only require 'electron')
//  - electron/src/browser-shell/main.ts → dist/electron/browser-shell.cjs (the shell for machines without the Electron binary)
// `electron` stays external (the runtime provides it); everything of ours, @shared included, is inlined.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  alias: { '@shared': './shared/src' },
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

/** @param {string} [outDir] where the three bundles go (default dist/electron; tests use a temp folder) */
export async function bundleElectron(outDir = 'dist/electron') {
  await Promise.all([
    build({ ...common, entryPoints: ['electron/src/main/main.ts'], outfile: `${outDir}/main.cjs` }),
    build({
      ...common,
      entryPoints: ['electron/src/preload/preload.ts'],
      outfile: `${outDir}/preload.cjs`,
      platform: 'browser',
      target: 'chrome140',
    }),
    build({ ...common, entryPoints: ['electron/src/browser-shell/main.ts'], outfile: `${outDir}/browser-shell.cjs` }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await bundleElectron();
  console.log(`electron bundles written to dist/electron/ in ${Date.now() - started} ms`);
}
