import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * drift-monitor's run() in-process, with @actions/core mocked (as the typescript-action template
 * does): inputs from a map, outputs and log lines recorded. The bundle tests in test/drift-monitor
 * run the same code the way a runner does.
 */

const inputs: Record<string, string> = {};
const outputs: Record<string, unknown> = {};
const lines: { level: string; message: string }[] = [];
const secrets: string[] = [];

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => inputs[name] ?? '',
  setOutput: (name: string, value: unknown) => {
    outputs[name] = value;
  },
  setSecret: (value: string) => secrets.push(value),
  info: (message: string) => lines.push({ level: 'info', message }),
  debug: (message: string) => lines.push({ level: 'debug', message }),
  warning: (message: string) => lines.push({ level: 'warning', message }),
  error: (message: string) => lines.push({ level: 'error', message }),
  setFailed: (message: string) => lines.push({ level: 'failed', message }),
  summary: { addRaw: () => ({ write: async () => undefined }), emptyBuffer: () => undefined },
}));

const { run } = await import('./main.js');

const saved = { ...process.env };
let dir: string;

function csv(rows: number, shift: number, extra?: string): string {
  const header = ['x', 'kind', ...(extra ? [extra] : [])].join(',');
  const body = Array.from({ length: rows }, (_, i) =>
    [(i % 50) + shift, i % 3 === 0 ? 'a' : 'b', ...(extra ? [i] : [])].join(','),
  );
  return [header, ...body].join('\n') + '\n';
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-run-'));
  process.env = { ...saved, GITHUB_WORKSPACE: dir, GITHUB_EVENT_NAME: 'push' };
  delete process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_EVENT_PATH;
  for (const store of [inputs, outputs]) for (const key of Object.keys(store)) delete store[key];
  lines.length = 0;
  secrets.length = 0;
  await fs.writeFile(path.join(dir, 'ref.csv'), csv(200, 0));
  await fs.writeFile(path.join(dir, 'same.csv'), csv(200, 0, 'only_here'));
  await fs.writeFile(path.join(dir, 'shifted.csv'), csv(200, 40));
});

afterEach(async () => {
  process.env = { ...saved };
  await fs.rm(dir, { recursive: true, force: true });
});

describe('drift-monitor run()', () => {
  it('returns a failure line on drift with fail-on-drift, after the outputs are set', async () => {
    Object.assign(inputs, {
      reference: 'ref.csv',
      current: 'shifted.csv',
      'fail-on-drift': 'true',
    });
    const outcome = await run();
    expect(outcome.failure).toMatch(
      /^Dataset drift detected: 1 of 2 columns drifted \(50 %\): x\.$/,
    );
    expect(outputs['drift-detected']).toBe('true');
    expect(JSON.parse(outputs['drifted-columns'] as string)).toEqual(['x']);
    await expect(fs.access(outputs.report as string)).resolves.toBeUndefined();
    expect(outputs['issue-number']).toBe('');
    expect(lines.filter((l) => l.level === 'failed')).toEqual([]);
  });

  it('returns no failure without drift, and warns about a column on one side only', async () => {
    Object.assign(inputs, { reference: 'ref.csv', current: 'same.csv', 'fail-on-drift': 'true' });
    const outcome = await run();
    expect(outcome).toEqual({});
    expect(outputs['drift-detected']).toBe('false');
    expect(lines).toContainEqual({
      level: 'warning',
      message: "1 column is only in the current data and was not compared: 'only_here'.",
    });
  });

  it('masks the webhook URL and warns about http:// and credentials without printing them', async () => {
    Object.assign(inputs, {
      reference: 'ref.csv',
      current: 'same.csv',
      'webhook-url': 'http://user:hunter2@hooks.example.test/services/secret-path',
    });
    await run();
    expect(secrets).toEqual(['http://user:hunter2@hooks.example.test/services/secret-path']);
    const warnings = lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings.join('\n')).toMatch(/plain http:\/\//);
    expect(warnings.join('\n')).toMatch(/user name or password/);
    expect(warnings.join('\n')).not.toMatch(/hunter2|secret-path|user:/);
  });

  it('turns a statistics error into a UserError naming the input', async () => {
    Object.assign(inputs, { reference: 'ref.csv', current: 'same.csv', method: 'ks' });
    await expect(run()).rejects.toThrow(
      "Input 'method': method ks cannot test categorical column 'kind'; it takes numeric columns.",
    );
    Object.assign(inputs, { method: 'auto', columns: 'nope' });
    await expect(run()).rejects.toThrow(
      "Input 'columns': column 'nope' is not in the reference data.",
    );
  });

  it('writes a profile in mode: profile', async () => {
    Object.assign(inputs, { reference: 'ref.csv', mode: 'profile' });
    expect(await run()).toEqual({});
    const profile = JSON.parse(await fs.readFile(outputs.profile as string, 'utf8'));
    expect(profile).toMatchObject({ schema: 'ml-actions/profile@1', rows: 200 });
  });

  it('uses the missing-share-jump input', async () => {
    const withGaps = csv(200, 0)
      .split('\n')
      .map((line, i) => (i > 0 && i % 4 === 0 ? line.replace(/^\d+/, '') : line))
      .join('\n');
    await fs.writeFile(path.join(dir, 'gaps.csv'), withGaps);
    Object.assign(inputs, { reference: 'ref.csv', current: 'gaps.csv' });
    await run();
    const report = JSON.parse(await fs.readFile(outputs.report as string, 'utf8'));
    expect(report.missing_share_jumps).toEqual(['x']);
    Object.assign(inputs, { 'missing-share-jump': '0.5' });
    await run();
    const again = JSON.parse(await fs.readFile(outputs.report as string, 'utf8'));
    expect(again.missing_share_jumps).toEqual([]);
  });
});
