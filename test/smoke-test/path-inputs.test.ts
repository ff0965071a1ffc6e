import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../harness/run-action.js';

/** Issue 17 on the bundle: smoke-test's path inputs cannot reach outside the workspace. */
describe('smoke-test (dist) path inputs', () => {
  let workspace: string;
  let outside: string;
  beforeEach(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-test-paths-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-test-outside-'));
    await fs.symlink(outside, path.join(workspace, 'linked'));
    await fs.writeFile(path.join(outside, 'data.csv'), 'a,b\n1,2\n');
    await fs.mkdir(path.join(outside, 'model'));
  });

  async function expectRefused(inputs: Record<string, string>, input: string): Promise<void> {
    const run = await runAction('smoke-test', { cwd: workspace, inputs });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^Input '${input}': '.*' \\(.*\\) is outside the workspace \\(`),
      ),
    ]);
    expect(run.stdout).not.toContain('    at ');
  }

  it('refuses an output-dir outside the workspace (absolute or through a symlink) with one line', async () => {
    for (const outputDir of [outside, 'linked/results']) {
      await expectRefused(
        { model: 'model', data: 'data.csv', 'output-dir': outputDir },
        'output-dir',
      );
    }
    await expect(fs.readdir(outside)).resolves.toEqual(['data.csv', 'model']);
  });

  it('refuses a model outside the workspace (absolute or through a symlink)', async () => {
    for (const model of [path.join(outside, 'model'), 'linked/model']) {
      await expectRefused({ model, data: 'data.csv' }, 'model');
    }
  });

  it('refuses data and predictions files outside, also when a glob matches a symlink', async () => {
    await fs.writeFile(path.join(workspace, 'model.onnx'), '');
    await fs.symlink(path.join(outside, 'data.csv'), path.join(workspace, 'escape.csv'));
    await expectRefused({ model: 'model.onnx', data: path.join(outside, 'data.csv') }, 'data');
    await expectRefused({ model: 'model.onnx', data: '*.csv' }, 'data');
    await expectRefused({ predictions: 'linked/data.csv' }, 'predictions');
  });
});
