import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { runAction, type ActionRun, type RunActionOptions } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';

/**
 * deploy's path inputs (package, validate-data, validate-policy) stay inside the workspace and
 * RUNNER_TEMP, symlinks followed, like every other action's: a path outside is refused with one
 * line naming the input, before anything is stored or any alias moves.
 */
let workspace: string;
let outside: string;
let registryDir: string;
let v2Inside: TestPackage;
let v2Outside: TestPackage;

const POLICY = 'rules:\n  - metric: accuracy\n    min: 0.5\n';

function deploy(inputs: RunActionOptions['inputs']): Promise<ActionRun> {
  return runAction('deploy', {
    cwd: workspace,
    inputs: {
      registry: `file://${registryDir}`,
      environment: 'staging',
      'github-deployment': false,
      ...inputs,
    },
  });
}

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-contained-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-outside-'));
  registryDir = path.join(workspace, 'registry');
  const v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{"v":1}' }, workspace);
  v2Inside = await buildTestPackage('iris', '2.0.0', { 'model.json': '{"v":2}' }, workspace);
  v2Outside = await buildTestPackage('iris', '2.0.0', { 'model.json': '{"v":2}' }, outside);
  for (const dir of [workspace, outside]) {
    await fs.writeFile(path.join(dir, 'data.csv'), 'x,label\n1,0\n2,1\n');
    await fs.writeFile(path.join(dir, 'policy.yml'), POLICY);
  }
  await fs.symlink(v2Outside.dir, path.join(workspace, 'linked-package'));
  await fs.symlink(path.join(outside, 'data.csv'), path.join(workspace, 'linked-data.csv'));
  await fs.symlink(path.join(outside, 'policy.yml'), path.join(workspace, 'linked-policy.yml'));
  const first = await deploy({ package: v1.dir });
  expect(first.outputs.status).toBe('deployed');
});
afterAll(async () => {
  for (const dir of [workspace, outside]) await fs.rm(dir, { recursive: true, force: true });
});

/** The same place named three ways: an absolute path, a `../` escape, a symlink inside. */
type Named = () => { value: string; shown: string };
const ways = (file: () => string, link: string): Array<[string, Named]> => [
  ['an absolute path', () => ({ value: file(), shown: `(${file()})` })],
  ['a ../ escape', () => ({ value: path.relative(workspace, file()), shown: `(${file()})` })],
  [
    'a symlink inside the workspace',
    () => ({ value: link, shown: `(${path.join(workspace, link)}, really ${file()})` }),
  ],
];

/** input, way, the value and how the message shows it, the other inputs of the run. */
type Case = [string, string, Named, RunActionOptions['inputs']];
const casesFor = (
  input: string,
  file: () => string,
  link: string,
  others: RunActionOptions['inputs'],
): Case[] => ways(file, link).map(([way, named]): Case => [input, way, named, others]);

const cases: Case[] = [
  ...casesFor('package', () => v2Outside.dir, 'linked-package', {}),
  ...casesFor('validate-data', () => path.join(outside, 'data.csv'), 'linked-data.csv', {
    'validate-policy': 'policy.yml',
  }),
  ...casesFor('validate-policy', () => path.join(outside, 'policy.yml'), 'linked-policy.yml', {
    'validate-data': 'data.csv',
  }),
];

it.each(cases)(
  '%s given as %s to a place outside the workspace is refused; nothing moves',
  async (input, _way, named, others) => {
    const { value, shown } = named();
    const run = await deploy({ package: v2Inside.dir, ...others, [input]: value });

    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([
      `Input '${input}': '${value}' ${shown} is outside the workspace (${workspace}) and the runner's temp directory (${run.runnerTemp}); give a path inside the workspace.`,
    ]);
    expect(run.stdout + run.stderr).not.toMatch(/please report it|\n\s+at /);
    expect(run.outputs.status).toBe('failed');

    const registry = openRegistry(`file://${registryDir}`);
    expect((await registry.readAlias('iris', 'staging'))!.alias.version).toBe('1.0.0');
    expect(await registry.history('iris', 'staging')).toHaveLength(1);
    expect(await fs.readdir(path.join(registryDir, 'iris', 'versions'))).toEqual(['1.0.0']);
  },
);

it('deploys the same package when it is inside the workspace', async () => {
  const run = await deploy({ package: path.relative(workspace, v2Inside.dir) });
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect(run.outputs).toMatchObject({ status: 'deployed', version: '2.0.0' });
});
