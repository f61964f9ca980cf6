// Lint: correctness rules plus the runtime import boundaries (see README "Architecture").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Our top-level runtime folders; each may import only from `shared/` (and shared from nothing of ours). */
const OUR_FOLDERS = ['renderer', 'electron', 'device', 'server', 'shared', 'test', 'build'];

const forbidOurFolders = (...names) =>
  names.flatMap((name) => [
    {
      group: [`**/${name}/**`, `${name}/**`, `@${name}/*`],
      message: `Imports flow only towards shared/: do not import ${name}/ from here.`,
    },
  ]);

const NODE_BUILTIN_NAMES = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'zlib',
  'worker_threads',
  'buffer',
  'util',
  'events',
];
/** Exact module names (gitignore-style patterns would also match our own files named e.g. `path.ts`). */
const exact = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tsbuild/**',
      'data/**',
      '.bench/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/**',
      'release/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'build/*.mjs', '.ci/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidOurFolders(...OUR_FOLDERS.filter((f) => f !== 'shared')),
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node built-ins.' },
          ],
          paths: [
            ...exact(NODE_BUILTIN_NAMES, 'shared/ is pure TypeScript: no Node built-ins.'),
            ...exact(
              ['electron', 'react', 'react-dom', 'dexie', 'antd', 'pg', 'fastify'],
              'shared/ is pure TypeScript: no runtime-specific libraries.',
            ),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'indexedDB',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidOurFolders('server', 'electron', 'device', 'test', 'build'),
            {
              group: ['node:*'],
              message: 'renderer/ runs in a sandboxed page: no Node built-ins; ask the desktop bridge.',
            },
          ],
          paths: [
            ...exact(
              NODE_BUILTIN_NAMES,
              'renderer/ runs in a sandboxed page: no Node built-ins; ask the desktop bridge.',
            ),
            ...exact(['electron'], 'renderer/ talks to the host only through the desktop bridge.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: forbidOurFolders('server', 'renderer', 'device', 'test', 'build') },
      ],
    },
  },
  {
    // The headless device client: plain Node, and of ours only shared/.
    files: ['device/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidOurFolders('server', 'renderer', 'electron', 'test', 'build'),
          paths: exact(['electron', 'react', 'react-dom', 'dexie'], 'device/ runs in plain Node.'),
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidOurFolders('renderer', 'electron', 'device', 'test', 'build'),
          paths: exact(['electron', 'react', 'react-dom', 'dexie'], 'server/ runs in plain Node.'),
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', 'build/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
