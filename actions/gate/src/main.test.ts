import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * gate's run() in process, with @actions/core mocked: inputs in, outputs and the outcome out.
 * No network: there is no pull request in the (empty) event, so no comment is attempted.
 */
const inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
const logged: Array<[string, string]> = [];
const record = (level: string) => (message: unknown) => void logged.push([level, String(message)]);

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => inputs[name] ?? '',
  setOutput: (name: string, value: unknown) => void (outputs[name] = String(value)),
  setFailed: record('setFailed'),
  info: record('info'),
  debug: record('debug'),
  warning: record('warning'),
  error: record('error'),
  notice: record('notice'),
  summary: { addRaw: () => ({ write: async () => undefined }), emptyBuffer: () => undefined },
}));

const { run } = await import('./main.js');

describe('gate run() (in process, @actions/core mocked)', () => {
  const saved = { ...process.env };
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-unit-'));
    for (const key of Object.keys(inputs)) delete inputs[key];
    for (const key of Object.keys(outputs)) delete outputs[key];
    logged.length = 0;
    for (const key of Object.keys(process.env))
      if (key.startsWith('GITHUB_')) delete process.env[key];
    process.env.GITHUB_WORKSPACE = dir;
    process.env.GITHUB_ACTIONS = 'true';
    process.env.RUNNER_TEMP = dir;
    await fs.writeFile(path.join(dir, 'm.json'), JSON.stringify({ accuracy: 0.93, latency: 70 }));
    Object.assign(inputs, { metrics: 'm.json' });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('passes: outputs set, no failure line', async () => {
    inputs.policy = 'rules: [{metric: accuracy, min: 0.9}]';
    const outcome = await run();
    expect(outcome).toEqual({});
    expect(outputs.passed).toBe('true');
    expect(JSON.parse(outputs['failed-rules'])).toEqual([]);
    expect(outputs['comment-url']).toBe('');
    const report = JSON.parse(await fs.readFile(outputs.report, 'utf8'));
    expect(report).toMatchObject({ schema: 'ml-actions/gate-report@1', passed: true });
    expect(logged.filter(([level]) => level === 'setFailed')).toEqual([]);
  });

  it('fails: the outcome carries one failure line, outputs and annotations are written', async () => {
    inputs.policy = 'rules: [{metric: accuracy, min: 0.9}, {metric: latency, max: 50}]';
    const outcome = await run();
    expect(outcome.failure).toBe('Model quality gate failed: latency 70 > max 50.');
    expect(outputs.passed).toBe('false');
    expect(JSON.parse(outputs['failed-rules'])).toEqual([
      expect.objectContaining({ metric: 'latency', kind: 'max', limit: 50, value: 70 }),
    ]);
    expect(logged).toContainEqual(['error', 'latency: 70 > max 50']);
    // run() never calls setFailed itself: the run wrapper does, once.
    expect(logged.filter(([level]) => level === 'setFailed')).toEqual([]);
  });

  it('output-dir: the report goes to <output-dir>/gate-report.json; outside the workspace is refused', async () => {
    Object.assign(inputs, {
      policy: 'rules: [{metric: accuracy, min: 0.9}]',
      'output-dir': 'out/gate',
    });
    expect(await run()).toEqual({});
    expect(outputs.report).toBe(path.join(dir, 'out', 'gate', 'gate-report.json'));
    expect(JSON.parse(await fs.readFile(outputs.report, 'utf8')).passed).toBe(true);
    delete inputs['output-dir'];
    await run();
    expect(outputs.report).toBe(path.join(dir, 'ml-actions', 'gate', 'gate', 'gate-report.json'));
    inputs['output-dir'] = path.dirname(dir);
    await expect(run()).rejects.toThrow(/outside the workspace/);
  });

  it('with fail-on: never, a failed gate is a warning and no failure', async () => {
    Object.assign(inputs, { policy: 'rules: [{metric: latency, max: 50}]', 'fail-on': 'never' });
    expect(await run()).toEqual({});
    expect(outputs.passed).toBe('false');
    expect(logged.some(([l, m]) => l === 'warning' && m.includes('fail-on: never'))).toBe(true);
  });

  it('refuses bad inputs with a UserError naming the input', async () => {
    Object.assign(inputs, {
      policy: 'rules: [{metric: accuracy, min: 0.9}]',
      'request-timeout': '0',
    });
    await expect(run()).rejects.toThrow("Input 'request-timeout': must be at least 1, got 0.");
    expect(outputs).toEqual({});
  });
});
