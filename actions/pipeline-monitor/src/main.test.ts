import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  actionsApi,
  startGitHubEmulator,
  TOKENS,
  type GitHubEmulator,
} from '../../../test/emulators/github/index.js';

/** run() in-process with @actions/core mocked (the bundle tests are in test/pipeline-monitor). */

const inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
const warnings: string[] = [];

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => inputs[name] ?? '',
  setOutput: (name: string, value: unknown) => {
    outputs[name] = String(value);
  },
  info: () => undefined,
  debug: () => undefined,
  warning: (m: string) => warnings.push(m),
  error: () => undefined,
  setSecret: () => undefined,
  setFailed: () => undefined,
  summary: { addRaw: () => ({ write: async () => undefined }), emptyBuffer: () => undefined },
}));

const { run } = await import('./main.js');
const { DEFAULTS } = await import('./inputs.js');

let gh: GitHubEmulator;
let workspace: string;
const saved = { ...process.env };

beforeEach(async () => {
  gh = await startGitHubEmulator();
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeline-unit-'));
  for (const k of Object.keys(inputs)) delete inputs[k];
  for (const k of Object.keys(outputs)) delete outputs[k];
  warnings.length = 0;
  Object.assign(process.env, {
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'ml-team/models',
    GITHUB_WORKSPACE: workspace,
    INPUT_ENVIRONMENTS: '',
  });
  delete process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_EVENT_PATH;
});

afterEach(async () => {
  process.env = { ...saved };
  await gh.stop();
  await fs.rm(workspace, { recursive: true, force: true });
});

function seedStreak(): void {
  const api = actionsApi(gh);
  api.addWorkflow('ml-team/models', 'ci', 'ci.yml');
  for (let i = 0; i < 6; i++) {
    api.addRun('ml-team/models', {
      workflow: 'ci',
      headSha: String(i).padStart(40, '0'),
      createdAt: new Date(Date.now() - (i + 1) * 3_600_000),
      durationS: 120,
      conclusion: i < 3 ? 'failure' : 'success',
    });
  }
}

describe('pipeline-monitor run()', () => {
  test('returns a failure outcome when unhealthy and fail-on is unhealthy; sets the outputs', async () => {
    seedStreak();
    Object.assign(inputs, {
      'github-token': TOKENS.app,
      alert: 'none',
      'fail-on': 'unhealthy',
      thresholds: 'rules:\n  - metric: failure_streak\n    max: 2\n',
    });
    const outcome = await run();
    expect(outcome.failure).toMatch(/^Pipeline unhealthy: ci failure_streak \(3 > max 2\)/);
    expect(outputs.healthy).toBe('false');
    expect(outputs.report).toBe(path.join(workspace, 'pipeline-report', 'pipeline-report.json'));
    expect(outputs['issue-url']).toBe('');
  });

  test('only warns when fail-on is never (the default)', async () => {
    seedStreak();
    Object.assign(inputs, {
      'github-token': TOKENS.app,
      alert: 'none',
      thresholds: 'rules:\n  - metric: failure_streak\n    max: 2\n',
    });
    expect(await run()).toEqual({});
    expect(warnings.join('\n')).toMatch(/fail-on: never/);
  });

  test('names the input of a bad window or threshold', async () => {
    Object.assign(inputs, { 'github-token': TOKENS.app, window: 'a month' });
    await expect(run()).rejects.toThrow(/Input 'window': expected a duration/);
    Object.assign(inputs, { window: '30d', thresholds: 'rules:\n  - metric: speed\n    max: 1\n' });
    await expect(run()).rejects.toThrow(
      /Input 'thresholds': inline thresholds: rule 1: metric must be one of/,
    );
  });

  test('code defaults equal the action.yml defaults', async () => {
    const { parse } = await import('yaml');
    const yml = parse(
      await fs.readFile(path.resolve('actions/pipeline-monitor/action.yml'), 'utf8'),
    ) as {
      inputs: Record<string, { default?: string }>;
    };
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect([name, String(yml.inputs[name].default)]).toEqual([name, String(value)]);
    }
  });
});
