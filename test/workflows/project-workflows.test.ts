import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { listActions, loadAction, repoRoot } from '../../packages/cli/src/action-metadata.js';
import { type Actions, checkWorkflow } from './workflow-lint.js';

/** The project's own workflows (.github/workflows): valid, least privilege, running npm test. */
const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const actions: Actions = new Map(listActions().map((name) => [name, loadAction(name)]));
const read = (file: string) => readFileSync(join(dir, file), 'utf8');

interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: unknown; steps: Array<{ run?: string; uses?: string }> }>;
}

test('has ci.yml and check-dist.yml', () => {
  expect(files).toEqual(expect.arrayContaining(['ci.yml', 'check-dist.yml']));
});

test.each(files)('%s parses with @actions/workflow-parser', async (file) => {
  expect(await checkWorkflow(file, read(file), actions)).toEqual([]);
});

test.each(files)('%s gives the token read access to the contents only', (file) => {
  const workflow = parse(read(file)) as Workflow;
  expect(workflow.permissions).toEqual({ contents: 'read' });
  for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined();
});

test('ci.yml installs from the lockfile and runs npm test; check-dist.yml runs the dist check', () => {
  const runs = (file: string) =>
    Object.values((parse(read(file)) as Workflow).jobs).flatMap((job) =>
      job.steps.map((step) => step.run?.trim()).filter((run) => run !== undefined),
    );
  expect(runs('ci.yml')).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
  expect(runs('check-dist.yml')).toEqual(['npm ci --no-audit --no-fund', 'npm run check-dist']);
});
