import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../harness/run-action.js';

/** Issue 17 on the bundle: smoke-test's output-dir cannot reach outside the workspace. */
describe('smoke-test (dist) output-dir', () => {
  it('is refused outside the workspace (absolute or through a symlink) with one line', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-test-paths-'));
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-test-outside-'));
    await fs.symlink(outside, path.join(workspace, 'linked'));
    for (const outputDir of [outside, 'linked/results']) {
      const run = await runAction('smoke-test', {
        cwd: workspace,
        inputs: { model: 'model', data: 'data.csv', 'output-dir': outputDir },
      });
      expect(run.exitCode).toBe(1);
      expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        expect.stringMatching(/^Input 'output-dir': '.*' \(.*\) is outside the workspace \(/),
      ]);
      expect(run.stdout).not.toContain('    at ');
    }
    await expect(fs.readdir(outside)).resolves.toEqual([]);
  });
});
