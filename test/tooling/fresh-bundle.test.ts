import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBundleReason } from '../harness/fresh-bundle.js';

/** The harness's refusal of stale bundles, on a throw-away tree laid out like the repository. */
let root: string;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const write = (file: string, text: string) => {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fresh-bundle-'));
  write('packages/core/src/a.ts', 'export const a = 1;\n');
  write('package-lock.json', '{}\n');
  write('dist/demo/index.js', "await import('./main.js');\n");
  write('dist/demo/main.js', 'const a = 1;\n');
  write(
    'node_modules/.cache/ml-actions-bundles/demo.json',
    JSON.stringify({
      entry: sha("await import('./main.js');\n"),
      bundle: sha('const a = 1;\n'),
      sources: {
        'packages/core/src/a.ts': sha('export const a = 1;\n'),
        'package-lock.json': sha('{}\n'),
      },
    }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a bundle built from the current sources is fresh', () => {
  expect(staleBundleReason('demo', root)).toBeUndefined();
});

test('a source changed since the bundle was built makes it stale, naming the file', () => {
  write('packages/core/src/a.ts', 'export const a = 2;\n');
  expect(staleBundleReason('demo', root)).toBe(
    '1 source file(s) changed since dist/demo was bundled: packages/core/src/a.ts',
  );
});

test('a bundle or loader replaced after bundling (e.g. git checkout dist) is stale', () => {
  write('dist/demo/index.js', 'old bundle\n');
  expect(staleBundleReason('demo', root)).toMatch(/is not the bundle built here last/);
});

test('a bundle never built in this checkout is stale', () => {
  rmSync(join(root, 'node_modules'), { recursive: true });
  expect(staleBundleReason('demo', root)).toBe('dist/demo was not bundled in this checkout');
});
