import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { LAYERS } from './scripts/layers.mjs';

/** The only core files that may import @actions/core (besides actions' own src/). */
const ACTIONS_CORE_FILES = [
  'packages/core/src/runner/actions-logger.ts',
  'packages/core/src/runner/run-wrapper.ts',
  'packages/core/src/runner/job-summary.ts',
  'packages/core/src/inputs/action-inputs.ts',
];

/** Pure folders: no file system, no network. */
const PURE = new Set(['stats', 'report']);
const NODE_IO = ['fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dgram'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const actionsCore = {
  name: '@actions/core',
  message:
    'Only runner/actions-logger.ts, runner/run-wrapper.ts, runner/job-summary.ts, inputs/action-inputs.ts and actions/<name>/src may import @actions/core: take a Logger (runner/logger.ts) instead.',
  allowTypeImports: true,
};

/** The options of no-restricted-imports for one domain folder of core. */
function coreRestrictions(domain, { mayImportActionsCore = false } = {}) {
  const allowed = LAYERS[domain];
  const forbidden = Object.keys(LAYERS).filter((d) => d !== domain && !allowed.includes(d));
  const folders = forbidden.map(escape).join('|');
  const paths = mayImportActionsCore ? [] : [actionsCore];
  const patterns = [
    {
      regex: `^(?:(?:\\.\\./)+|@ml-actions/core/)(?:${folders})(?:/|$)`,
      message: `${
        allowed.length
          ? `${domain}/ may import values only from ${allowed.map((d) => `${d}/`).join(', ')}`
          : `${domain}/ may not import values from other folders`
      } (layering: scripts/layers.mjs, CONVENTIONS.md); use \`import type\` for types.`,
      allowTypeImports: true,
    },
    {
      regex: '(?:^|/)actions/',
      message: 'Core never imports from actions/.',
      allowTypeImports: true,
    },
  ];
  if (PURE.has(domain)) {
    const why = `${domain}/ is pure: no file system, no network (take data, return data).`;
    for (const mod of NODE_IO) {
      paths.push({ name: mod, message: why, allowTypeImports: true });
      paths.push({ name: `node:${mod}`, message: why, allowTypeImports: true });
    }
    patterns.push({
      regex: '^(?:@octokit/|@aws-sdk/|@actions/(?:github|artifact|http-client)(?:/|$))',
      message: why,
      allowTypeImports: true,
    });
  }
  return { paths, patterns };
}

const coreFile = (file) => file.replace(/^packages\/core\/src\//, '');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'demo-output/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  // Outside core, only actions' own src/ may use @actions/core (tests there mock it).
  {
    files: ['**/*.{ts,js,mjs}'],
    ignores: ['actions/*/src/**', 'packages/core/src/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [actionsCore] }] },
  },
  // Core: each domain folder's layering (tests are not shipped, so they are exempt).
  ...Object.keys(LAYERS).map((domain) => ({
    files: [`packages/core/src/${domain}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', coreRestrictions(domain)],
    },
  })),
  ...ACTIONS_CORE_FILES.map((file) => ({
    files: [file],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        coreRestrictions(coreFile(file).split('/')[0], { mayImportActionsCore: true }),
      ],
    },
  })),
  // Core logs through the Logger it is given, never to the console.
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
);
