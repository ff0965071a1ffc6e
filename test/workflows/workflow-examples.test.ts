import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listActions, loadAction, repoRoot } from '../../packages/cli/src/action-metadata.js';
import {
  type Actions,
  type Snippet,
  checkPermissions,
  checkSnippet,
  checkWorkflow,
  yamlSnippets,
} from './workflow-lint.js';

const actions: Actions = new Map(listActions().map((name) => [name, loadAction(name)]));
const examplesDir = join(repoRoot, 'workflows-examples');
const examples = readdirSync(examplesDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

const markdownFiles = [
  join(repoRoot, 'README.md'),
  ...(existsSync(join(repoRoot, 'docs'))
    ? readdirSync(join(repoRoot, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(repoRoot, 'docs', f))
    : []),
].filter((f) => existsSync(f));
const snippets: Snippet[] = markdownFiles.flatMap((file) =>
  yamlSnippets(file.slice(repoRoot.length + 1), readFileSync(file, 'utf8')),
);

// Which snippets are workflows is known only after parsing them; test.each needs the list.
const checked = (
  await Promise.all(snippets.map(async (s) => ({ s, problems: await checkSnippet(s, actions) })))
).filter((c) => c.problems !== undefined);

describe('workflows-examples/', () => {
  test('has the PR-check and fork-safe examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['pr-check.yml', 'fork-safe.yml']));
  });

  test.each(examples)(
    '%s parses with @actions/workflow-parser and uses every ml-actions action as declared',
    async (file) => {
      const content = readFileSync(join(examplesDir, file), 'utf8');
      expect(await checkWorkflow(file, content, actions)).toEqual([]);
    },
  );

  test.each(examples)(
    '%s grants each job what its steps write with, and no write scope they do not need',
    (file) => {
      const content = readFileSync(join(examplesDir, file), 'utf8');
      expect(checkPermissions(file, content, actions)).toEqual([]);
    },
  );

  test.each(examples)('%s sets permissions for every job (least privilege)', (file) => {
    const doc = parseYaml(readFileSync(join(examplesDir, file), 'utf8')) as {
      permissions?: unknown;
      jobs: Record<string, { permissions?: unknown }>;
    };
    const unset = Object.entries(doc.jobs)
      .filter(([, job]) => job.permissions === undefined && doc.permissions === undefined)
      .map(([id]) => id);
    expect(unset).toEqual([]);
  });

  test("README's pull-request check is workflows-examples/pr-check.yml, byte for byte", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A pull-request check'));
    const block = /```yaml\n([\s\S]*?)```\n/.exec(section)?.[1];
    expect(block).toBe(readFileSync(join(examplesDir, 'pr-check.yml'), 'utf8'));
  });
});

describe('workflow snippets in README.md and docs/*.md', () => {
  if (checked.length === 0) test.todo('no workflow snippets in README.md or docs/*.md yet');
  else
    test.each(checked.map((c) => [`${c.s.file}:${c.s.line}`, c.problems] as const))(
      '%s uses every ml-actions action as declared (and, as a workflow, grants what they write with)',
      (_where, problems) => {
        expect(problems).toEqual([]);
      },
    );
});

describe('the workflow checker catches the mistakes it is there for', () => {
  const workflow = (steps: string, extra = '') => `on: pull_request
permissions: {}
jobs:
  check:
    runs-on: ubuntu-latest
${extra}    steps:
${steps}`;

  test('an input the action does not declare, and a missing required input', async () => {
    const problems = await checkWorkflow(
      'w.yml',
      workflow(`      - uses: ./actions/gate
        with:
          metrics: m.json
          policy-file: p.yml
`),
      actions,
    );
    expect(problems).toEqual([
      expect.stringContaining("input 'policy-file' is not declared by gate"),
      expect.stringContaining("required input 'policy' of gate is missing"),
    ]);
  });

  test('an output the action does not declare, read in a step and in job outputs', async () => {
    const problems = await checkWorkflow(
      'w.yml',
      workflow(
        `      - id: gate
        uses: OWNER/ml-actions/actions/gate@v1
        with: { metrics: m.json, policy: p.yml }
      - if: steps.gate.outputs.verdict == 'pass'
        run: echo "\${{ steps.gate.outputs['passed'] }}"
`,
        `    outputs:
      ok: \${{ steps.gate.outputs.pass }}
`,
      ),
      actions,
    );
    expect(problems).toEqual([
      expect.stringContaining("reads steps.gate.outputs.verdict, but gate has no output 'verdict'"),
      expect.stringContaining("reads steps.gate.outputs.pass, but gate has no output 'pass'"),
    ]);
  });

  test('an unknown action, an unknown step id and a step read before it runs', async () => {
    const problems = await checkWorkflow(
      'w.yml',
      workflow(`      - run: echo \${{ steps.gate.outputs.passed }} \${{ steps.nope.outputs.x }}
      - id: gate
        uses: ./actions/gate
        with: { metrics: m.json, policy: p.yml }
      - uses: ./actions/gates
`),
      actions,
    );
    expect(problems).toEqual([
      expect.stringContaining("uses './actions/gates', but there is no action 'gates'"),
      expect.stringContaining('reads steps.gate, which runs after it'),
      expect.stringContaining("reads steps.nope, but no step has id 'nope'"),
    ]);
  });

  test('needs.<job>.outputs must name a needed job and an output it declares', async () => {
    const problems = await checkWorkflow(
      'w.yml',
      `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      passed: \${{ steps.gate.outputs.passed }}
    steps:
      - id: gate
        uses: ./actions/gate
        with: { metrics: m.json, policy: p.yml }
  b:
    needs: a
    if: needs.a.outputs.passed == 'true'
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ needs.a.outputs.report }} \${{ needs.c.outputs.x }}
`,
      actions,
    );
    expect(problems).toEqual([
      expect.stringContaining("reads needs.a.outputs.report, but job 'a' declares no such output"),
      expect.stringContaining("reads needs.c, but the job does not list 'c' in needs"),
    ]);
  });

  test('least-privilege permissions that leave out what a step writes with', () => {
    const problems = checkPermissions(
      'w.yml',
      `on:
  pull_request:
  schedule:
    - cron: '0 6 * * *'
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: gate
        uses: ./actions/gate
        with: { metrics: m, policy: p }
      - id: quiet
        uses: ./actions/gate
        with: { metrics: m, policy: p, comment: never }
      - id: drift
        uses: ./actions/drift-monitor
        with: { reference: r, current: c, dispatch-event: retrain }
      - id: pat
        uses: ./actions/drift-monitor
        with: { reference: r, current: c, github-token: '\${{ secrets.BOT_TOKEN }}' }
  b:
    runs-on: ubuntu-latest
    permissions:
      deployments: write
      issues: write
    steps:
      - id: deploy
        uses: ./actions/deploy
        with: { registry: r, environment: e }
      - uses: ./actions/gate
        with: { metrics: m, policy: p }
`,
      actions,
    );
    expect(problems).toEqual([
      "w.yml: job 'a' step 'gate' (gate) needs permissions pull-requests: write or issues: write",
      "w.yml: job 'a' step 'drift' (drift-monitor) needs permissions issues: write",
      "w.yml: job 'a' step 'drift' (drift-monitor) needs permissions contents: write",
    ]);
    // A write scope that no step writes with is as wrong as a missing one.
    const excess = checkPermissions(
      'x.yml',
      `on: schedule
permissions:
  contents: write
  issues: write
jobs:
  drift:
    runs-on: x
    steps:
      - uses: ./actions/drift-monitor
        with: { reference: r, current: c, alert: issue }
  retrain:
    runs-on: x
    permissions: write-all
    steps: [{ run: echo }]
  aws:
    runs-on: x
    permissions: { id-token: write, deployments: write }
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: r, aws-region: eu-west-1 }
`,
      actions,
    );
    expect(excess).toEqual([
      "x.yml: job 'drift' grants contents: write, which none of its steps writes with",
      "x.yml: job 'retrain' grants write-all; list the scopes its steps need",
      "x.yml: job 'aws' grants deployments: write, which none of its steps writes with",
    ]);
    // On push, comment: auto never comments, so the gate needs no write scope there.
    const onPush = checkPermissions(
      'p.yml',
      'on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./actions/gate\n        with: { metrics: m, policy: p }\n',
      actions,
    );
    expect(onPush).toEqual([]);
  });

  test('pipeline-monitor needs read scopes for what it reads and issues: write for its alert', () => {
    const workflow = (permissions: string, inputs = '{}') =>
      `on: schedule\npermissions:\n${permissions}jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: m\n        uses: ./actions/pipeline-monitor\n        with: ${inputs}\n`;
    expect(checkPermissions('w.yml', workflow('  issues: write\n'), actions)).toEqual([
      "w.yml: job 'a' step 'm' (pipeline-monitor) needs permissions actions: read",
      "w.yml: job 'a' step 'm' (pipeline-monitor) needs permissions contents: read",
      "w.yml: job 'a' step 'm' (pipeline-monitor) needs permissions deployments: read",
    ]);
    expect(
      checkPermissions(
        'w.yml',
        workflow('  actions: read\n  contents: read\n', '{ alert: none, environments: "" }'),
        actions,
      ),
    ).toEqual([]);
  });

  test("job dependencies GitHub's converter rejects", async () => {
    const job = (id: string, needs: string) =>
      `  ${id}:\n    runs-on: x\n    needs: ${needs}\n    steps: [{ run: echo }]\n`;
    const cycle = await checkWorkflow(
      'w.yml',
      `on: push\njobs:\n${job('a', 'b')}${job('b', 'a')}`,
      actions,
    );
    expect(cycle).toEqual([expect.stringContaining('at least one job with no dependencies')]);
    const unknown = await checkWorkflow(
      'w.yml',
      `on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: echo }]\n${job('b', '[a, nope]')}`,
      actions,
    );
    expect(unknown).toEqual([expect.stringContaining("Job 'b' depends on unknown job 'nope'")]);
  });

  test("a schema error is reported by GitHub's parser", async () => {
    const problems = await checkWorkflow(
      'w.yml',
      'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n',
      actions,
    );
    expect(problems).toContain("w.yml (Line: 5, Col: 5): Unexpected value 'stepz'");
  });

  test('a README fragment of steps is checked; a policy snippet is not a workflow', async () => {
    const md = [
      '```yaml',
      '- uses: OWNER/ml-actions/actions/gate@v1',
      '  with:',
      '    metrics: m.json',
      '```',
      '',
      '```yaml',
      'rules:',
      '  - metric: accuracy',
      '    min: 0.9',
      '```',
    ].join('\n');
    const [steps, policy] = yamlSnippets('README.md', md);
    expect(await checkSnippet(steps, actions)).toEqual([
      expect.stringContaining("README.md:1 step 1: required input 'policy' of gate is missing"),
    ]);
    expect(await checkSnippet(policy, actions)).toBeUndefined();

    // A jobs: excerpt without `on:` is checked by our contracts, not rejected by the parser.
    const [excerpt] = yamlSnippets(
      'docs/x.md',
      '```yaml\njobs:\n  g:\n    runs-on: ubuntu-latest\n    steps:\n      - id: gate\n        uses: ./actions/gate\n        with: { metrics: m, policy: p }\n      - run: echo ${{ steps.gate.outputs.verdict }}\n```\n',
    );
    expect(await checkSnippet(excerpt, actions)).toEqual([
      expect.stringContaining("reads steps.gate.outputs.verdict, but gate has no output 'verdict'"),
    ]);
  });
});
