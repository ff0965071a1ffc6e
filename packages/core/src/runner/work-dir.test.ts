import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanupWorkDir, keepWorkFiles, scratchDir, workDir } from './work-dir.js';

const saved = { ...process.env };
let temp: string;

beforeEach(async () => {
  temp = await fs.mkdtemp(path.join(os.tmpdir(), 'work-dir-test-'));
  process.env.RUNNER_TEMP = temp;
  process.env.GITHUB_RUN_ID = '99';
  delete process.env.RUNNER_DEBUG;
  delete process.env.ACTIONS_STEP_DEBUG;
});
afterEach(async () => {
  await cleanupWorkDir();
  process.env = { ...saved };
  await fs.rm(temp, { recursive: true, force: true });
});

test('scratch directories live under RUNNER_TEMP/ml-actions/<run id> and are removed on clean-up', async () => {
  const dir = await workDir();
  expect(await workDir()).toBe(dir);
  expect(path.relative(temp, dir)).toMatch(/^ml-actions[/\\]run-99[/\\]step-/);
  const a = await scratchDir('deploy package');
  const b = await scratchDir('deploy package');
  expect(a).not.toBe(b);
  expect(path.dirname(a)).toBe(dir);
  expect(path.basename(a)).toMatch(/^deploy_package-/);
  await fs.writeFile(path.join(a, 'x.bin'), 'x');
  await cleanupWorkDir();
  await expect(fs.access(dir)).rejects.toThrow(/ENOENT/);
  expect(await fs.readdir(temp)).toEqual([]);
  // A new step gets a new directory.
  expect(await workDir()).not.toBe(dir);
});

test('the run folder stays while another step of the job still has files in it', async () => {
  const other = path.join(temp, 'ml-actions', 'run-99', 'step-other');
  await fs.mkdir(other, { recursive: true });
  const dir = await workDir();
  await cleanupWorkDir();
  await expect(fs.access(dir)).rejects.toThrow(/ENOENT/);
  await expect(fs.access(other)).resolves.toBeUndefined();
});

test('kept when step debug logging is on', async () => {
  process.env.ACTIONS_STEP_DEBUG = 'true';
  const dir = await scratchDir('x');
  const lines: string[] = [];
  await cleanupWorkDir({ debug: (m) => lines.push(m) });
  await expect(fs.access(dir)).resolves.toBeUndefined();
  expect(lines.join('\n')).toContain('keeping the scratch files');
  expect(keepWorkFiles({ RUNNER_DEBUG: '1' })).toBe(true);
  expect(keepWorkFiles({ RUNNER_DEBUG: '0', ACTIONS_STEP_DEBUG: 'false' })).toBe(false);
});

test("kept when asked (the CLI's --keep); the next work dir is a new one", async () => {
  const dir = await workDir();
  await cleanupWorkDir(undefined, { keep: true });
  await expect(fs.access(dir)).resolves.toBeUndefined();
  expect(await workDir()).not.toBe(dir);
  await cleanupWorkDir();
  await fs.rm(dir, { recursive: true });
});

test('outside a runner: an ml-actions-* directory of os.tmpdir()', async () => {
  delete process.env.RUNNER_TEMP;
  delete process.env.GITHUB_RUN_ID;
  const dir = await workDir();
  expect(path.dirname(dir)).toBe(os.tmpdir());
  expect(path.basename(dir)).toMatch(/^ml-actions-local-/);
  await cleanupWorkDir();
  await expect(fs.access(dir)).rejects.toThrow(/ENOENT/);
});

test('clean-up without a work dir does nothing', async () => {
  await expect(cleanupWorkDir()).resolves.toBeUndefined();
});
