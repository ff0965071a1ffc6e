import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away repository with one action, `echo-model`, whose "bundle" is a small script
 * that behaves like an action: it reads INPUT_* variables, logs workflow commands, writes
 * outputs and a summary through the runner's files, and exits with a chosen code. It lets the
 * CLI's mechanics be tested without depending on the real actions' progress.
 */
export function makeFakeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'ml-actions-cli-repo-'));
  const actionDir = join(root, 'actions', 'echo-model');
  mkdirSync(actionDir, { recursive: true });
  mkdirSync(join(root, 'dist', 'echo-model'), { recursive: true });
  writeFileSync(
    join(actionDir, 'action.yml'),
    `name: 'ml-actions echo-model'
description: 'Echoes its inputs back as outputs.'
inputs:
  model-path:
    description: 'Path to the model.'
    required: true
  mode:
    description: 'How to behave: ok, fail, progress, silent.'
    required: false
    default: 'ok'
  labels:
    description: 'One per line.'
    required: false
  where:
    description: 'A default that reads the runner context.'
    default: '\${{ runner.temp }}/x'
  github-token:
    description: 'Token.'
    required: false
    default: \${{ github.token }}
outputs:
  seen:
    description: 'JSON of the INPUT_ variables the action saw.'
  notes:
    description: 'A multi-line output.'
  never-set:
    description: 'Declared but never written.'
runs:
  using: 'node24'
  main: '../../dist/echo-model/index.js'
`,
  );
  writeFileSync(join(root, 'dist', 'echo-model', 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    join(root, 'dist', 'echo-model', 'index.js'),
    `import { appendFileSync } from 'node:fs';
const env = process.env;
const seen = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('INPUT_')));
seen.GITHUB_WORKSPACE = env.GITHUB_WORKSPACE;
seen.RUNNER_TEMP = env.RUNNER_TEMP;
seen.RUNNER_DEBUG = env.RUNNER_DEBUG ?? null;
const out = (name, value) => appendFileSync(env.GITHUB_OUTPUT, name + '<<EOF_1\\n' + value + '\\nEOF_1\\n');
const mode = env.INPUT_MODE;
console.log('::group::Loading the model');
console.log('reading ' + env['INPUT_MODEL-PATH']);
console.log('::endgroup::');
console.log('::debug::a debug line');
console.log('::warning file=model.json,line=3::odd%0Ashape');
if (env['INPUT_GITHUB-TOKEN']) console.log('token is ' + env['INPUT_GITHUB-TOKEN']);
console.log('::add-mask::s3cr3t');
console.log('the secret is s3cr3t');
console.log('metric \\x1b[2Jname\\r');
if (mode === 'progress') {
  for (let i = 1; i <= 4; i++) { console.log('scored ' + i * 25 + '/100 rows'); await new Promise((r) => setTimeout(r, 150)); }
}
if (mode === 'silent') await new Promise((r) => setTimeout(r, 2000));
out('seen', JSON.stringify(seen));
out('notes', 'line one\\nline two');
out('empty', '');
appendFileSync(env.GITHUB_STEP_SUMMARY, '<!-- marker -->\\n## Echo report\\n\\n| a | b |\\n|---|---|\\n| 1 | s3cr3t |\\n| latency\\\\_ms | 4 &gt; 3 |\\n');
appendFileSync(env.GITHUB_ENV, 'MODEL_SEEN<<EOF_2\\nyes\\nEOF_2\\n');
if (mode === 'fail') { console.log('::error::Input ' + "'mode'" + ': told to fail.'); process.exit(1); }
if (mode === 'crash') process.exit(3);
`,
  );
  // A second action whose default is an expression the CLI cannot evaluate locally.
  mkdirSync(join(root, 'actions', 'pr-number'), { recursive: true });
  writeFileSync(
    join(root, 'actions', 'pr-number', 'action.yml'),
    `name: 'pr-number'
description: 'Needs the PR number.'
inputs:
  number:
    description: 'The pull request.'
    default: '\${{ github.event.pull_request.number }}'
runs:
  using: 'node24'
  main: '../../dist/echo-model/index.js'
`,
  );
  return root;
}
