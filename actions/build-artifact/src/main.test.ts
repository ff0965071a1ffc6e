/**
 * In-process tests of build-artifact's run(): the toolkit is mocked, core runs for real (the
 * bundle tests in test/build-artifact run dist/ against the artifact service emulator).
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { mockToolkit } from '../../../test/harness/toolkit-mock.js';

const toolkit = mockToolkit();
const { inputs, outputs, logged, summaries, setFailed } = toolkit;

const { run } = await import('./main.js');
const { BUILD_ARTIFACT_DEFAULTS } = await import('./inputs.js');

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const savedEnv = { ...process.env };
let workspace: string;
let runnerTemp: string;

beforeEach(async () => {
  toolkit.reset();
  workspace = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'build-run-')));
  runnerTemp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'build-run-temp-')));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'weights.txt'), '0.1 0.2\n');
  process.env.GITHUB_WORKSPACE = workspace;
  // As on a runner: off one, the system temp directory is also allowed (the CLI's steps).
  process.env.GITHUB_ACTIONS = 'true';
  process.env.RUNNER_TEMP = runnerTemp;
  process.env.GITHUB_STEP_SUMMARY = path.join(runnerTemp, 'summary.md');
  process.env.GITHUB_SHA = '0123456789abcdef';
  Object.assign(inputs, { 'model-path': 'model', name: 'churn', format: 'files', upload: 'false' });
});

afterAll(() => {
  process.env = savedEnv;
});

describe('build-artifact run()', () => {
  it('packages into RUNNER_TEMP by default: outputs, summary, a neutral outcome', async () => {
    await expect(run()).resolves.toEqual({});
    expect(outputs).toMatchObject({
      version: '0123456',
      'artifact-name': 'churn-0123456',
      'artifact-id': '',
      'package-dir': path.join(runnerTemp, 'ml-actions', 'churn-0123456'),
      'size-bytes': '8',
    });
    expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(summaries.join('')).toContain('## Model package churn 0123456');
    expect(setFailed).not.toHaveBeenCalled();
  });

  it('logs hidden file names with workflow commands neutralised', async () => {
    const names = ['.a\n::add-mask::sha256:deadbeef', '.b\n::error::x', '.c\n##[error]y'];
    for (const name of names) await fs.writeFile(path.join(workspace, 'model', name), 'x');
    await expect(run()).resolves.toEqual({});
    const lines = logged.flatMap((message) => message.split(/\r?\n/));
    expect(lines.some((line) => line.includes('Left out hidden files'))).toBe(true);
    expect(lines.filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
    expect(
      lines.some((line) => line.includes('add-mask') && line.includes('sha256:deadbeef')),
    ).toBe(true);
  });

  it('refuses a model-path outside the workspace, also through a symlink', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'build-run-outside-'));
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    inputs['model-path'] = outside;
    await expect(run()).rejects.toThrow(
      new RegExp(`^Input 'model-path': '${outside}' .* is outside the workspace`),
    );
    inputs['model-path'] = '../' + path.basename(outside);
    await expect(run()).rejects.toThrow(/^Input 'model-path': .* is outside the workspace/);
    await fs.symlink(outside, path.join(workspace, 'linked-model'));
    inputs['model-path'] = 'linked-model';
    await expect(run()).rejects.toThrow(/^Input 'model-path': 'linked-model' \(.*, really /);
    expect(Object.keys(outputs)).toEqual([]);
  });

  it('profiles reference-data without ID-like columns or the reference-exclude-columns', async () => {
    const lines = ['id,patient,radius,notes,site'];
    for (let i = 0; i < 398; i++) {
      lines.push(
        `${842302 + i},P${1000 + i},${(14 + Math.sin(i) * 3).toFixed(4)},note ${i % 7},${['a', 'b'][i % 2]}`,
      );
    }
    await fs.writeFile(path.join(workspace, 'train.csv'), lines.join('\n') + '\n');
    Object.assign(inputs, { 'reference-data': 'train.csv', 'reference-exclude-columns': 'notes' });
    await expect(run()).resolves.toEqual({});
    const text = await fs.readFile(
      path.join(outputs['package-dir'], 'reference-profile.json'),
      'utf8',
    );
    const profile = JSON.parse(text);
    expect(profile.columns.map((c: { name: string }) => c.name)).toEqual(['radius', 'site']);
    expect(profile.excluded_columns.map((c: { name: string }) => c.name)).toEqual([
      'notes',
      'id',
      'patient',
    ]);
    expect(text).not.toMatch(/"P1\d{3}"|(?<![\d.])8423\d\d(?![\d.])/);
    expect(text.length).toBeLessThan(30_000);

    inputs['reference-exclude-columns'] = 'nope';
    await expect(run()).rejects.toThrow(
      "Input 'reference-exclude-columns': 'nope' is not a column of the reference data.",
    );
    Object.assign(inputs, { 'reference-data': '', 'reference-exclude-columns': 'notes' });
    await expect(run()).rejects.toThrow(/^Input 'reference-exclude-columns': needs reference-data/);
  });

  it('refuses an output-dir outside the workspace; accepts one inside', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'build-run-outside-'));
    inputs['output-dir'] = path.join(outside, 'pkg');
    await expect(run()).rejects.toThrow(/^Input 'output-dir': .* is outside the workspace \(/);
    await expect(fs.readdir(outside)).resolves.toEqual([]);
    inputs['output-dir'] = 'out/pkg';
    await expect(run()).resolves.toEqual({});
    expect(outputs['package-dir']).toBe(path.join(workspace, 'out', 'pkg'));
  });

  it("uses action.yml's defaults", () => {
    const action = parse(
      readFileSync(path.join(REPO, 'actions/build-artifact/action.yml'), 'utf8'),
    ) as { inputs: Record<string, { default?: string }> };
    for (const [name, value] of Object.entries(BUILD_ARTIFACT_DEFAULTS)) {
      expect([name, String(action.inputs[name]?.default)]).toEqual([name, String(value)]);
    }
    const declared = Object.entries(action.inputs).filter(([, i]) => (i.default ?? '') !== '');
    expect(declared.map(([name]) => name).sort()).toEqual(
      Object.keys(BUILD_ARTIFACT_DEFAULTS).sort(),
    );
  });
});
