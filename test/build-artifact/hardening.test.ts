import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction, type RunActionOptions } from '../harness/run-action.js';

/**
 * Issue 17 on the bundle: names from the model directory (a pull request controls them) cannot
 * issue workflow commands, and path inputs cannot reach outside the workspace.
 */

async function workspaceWithModel(): Promise<string> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'build-artifact-hard-'));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'weights.txt'), '0.1 0.2 0.3\n');
  return workspace;
}

const build = (workspace: string, inputs: RunActionOptions['inputs']) =>
  runAction('build-artifact', {
    cwd: workspace,
    inputs: {
      'model-path': 'model',
      name: 'churn',
      version: '1',
      format: 'files',
      upload: false,
      ...inputs,
    },
  });

const errorsOf = (run: Awaited<ReturnType<typeof build>>) =>
  run.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('build-artifact (dist) hardening', () => {
  it('hidden file names carrying workflow commands appear neutralised on stdout', async () => {
    const workspace = await workspaceWithModel();
    const hidden = path.join(workspace, 'model', '.cache');
    await fs.mkdir(hidden);
    await fs.writeFile(path.join(hidden, 'a\n::add-mask::sha256'), 'x');
    await fs.writeFile(path.join(hidden, '::error::x'), 'x');
    await fs.writeFile(path.join(workspace, 'model', '.b\n::error::x'), 'x');
    await fs.writeFile(path.join(workspace, 'model', '.c\n##[error]y'), 'x');
    const run = await build(workspace, {});
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split(/\r?\n/);
    expect(lines.filter((line) => /^\s*::(add-mask|error)::/.test(line))).toEqual([]);
    expect(lines.filter((line) => line.includes('##['))).toEqual([]);
    expect(run.annotations).toEqual([]);
    // Still readable: the names are shown, with the command marker broken.
    expect(run.stdout).toContain('Left out hidden files');
    expect(run.stdout).toMatch(/^:\u2060:add-mask::sha256/m);
    expect(run.stdout).toContain('.cache/::error::x');
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a model-path outside the workspace (absolute, .., or a symlink) with one line', async () => {
    const workspace = await workspaceWithModel();
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'build-artifact-outside-'));
    await fs.writeFile(path.join(outside, 'credentials'), 'secret');
    await fs.symlink(outside, path.join(workspace, 'linked'));
    for (const modelPath of [outside, `../${path.basename(outside)}`, 'linked']) {
      const run = await build(workspace, { 'model-path': modelPath });
      expect(run.exitCode).toBe(1);
      expect(errorsOf(run)).toEqual([
        expect.stringMatching(/^Input 'model-path': '.*' \(.*\) is outside the workspace \(/),
      ]);
      expect(run.stdout).not.toContain('    at ');
      expect(run.outputs).toEqual({});
    }
  });

  it('refuses an output-dir outside the workspace and the runner temp directory', async () => {
    const workspace = await workspaceWithModel();
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'build-artifact-outside-'));
    await fs.symlink(outside, path.join(workspace, 'linked'));
    for (const outputDir of [path.join(outside, 'pkg'), 'linked/pkg']) {
      const run = await build(workspace, { 'output-dir': outputDir });
      expect(run.exitCode).toBe(1);
      expect(errorsOf(run)).toEqual([
        expect.stringMatching(/^Input 'output-dir': '.*' \(.*\) is outside the workspace \(/),
      ]);
    }
    await expect(fs.readdir(outside)).resolves.toEqual([]);
    const inside = await build(workspace, { 'output-dir': 'out/pkg' });
    expect(inside.exitCode).toBe(0);
    expect(inside.outputs['package-dir']).toBe(path.join(workspace, 'out', 'pkg'));
  });
});
