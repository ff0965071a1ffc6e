import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestPackage } from '../../../test/deploy/build-package.js';

/**
 * deploy's run() in-process, with @actions/core mocked: inputs from a map, outputs, log
 * lines and the summary captured. The bundle tests in test/deploy run the same code as a
 * runner does; these are the fast ones.
 */
let inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
const lines: Array<[string, string]> = [];
let summary = '';

/** Every export of @actions/core; the ones a test looks at are replaced below. */
const CORE_EXPORTS = [
  'ExitCode',
  'addPath',
  'debug',
  'endGroup',
  'error',
  'exportVariable',
  'getBooleanInput',
  'getIDToken',
  'getInput',
  'getMultilineInput',
  'getState',
  'group',
  'info',
  'isDebug',
  'markdownSummary',
  'notice',
  'platform',
  'saveState',
  'setCommandEcho',
  'setFailed',
  'setOutput',
  'setSecret',
  'startGroup',
  'summary',
  'toPlatformPath',
  'toPosixPath',
  'toWin32Path',
  'warning',
];

jest.unstable_mockModule('@actions/core', () => ({
  ...Object.fromEntries(CORE_EXPORTS.map((name) => [name, jest.fn()])),
  isDebug: () => false,
  getInput: (name: string) => inputs[name] ?? '',
  setOutput: (name: string, value: unknown) => {
    outputs[name] = String(value);
  },
  info: (m: string) => lines.push(['info', m]),
  warning: (m: string) => lines.push(['warning', m]),
  debug: (m: string) => lines.push(['debug', m]),
  error: (m: string) => lines.push(['error', m]),
  notice: (m: string) => lines.push(['notice', m]),
  setFailed: (m: string) => lines.push(['failed', m]),
  summary: {
    addRaw(text: string) {
      summary += text;
      return this;
    },
    write: async () => undefined,
    emptyBuffer: () => undefined,
  },
}));

const { run } = await import('./main.js');

/** A small model package (files + ml-manifest.json), as the bundle tests build it. */
async function makePackage(version: string, content: string): Promise<string> {
  return (await buildTestPackage('iris', version, { 'model.json': content }, root)).dir;
}

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-run-'));
  process.env.GITHUB_WORKSPACE = root;
  process.env.GITHUB_STEP_SUMMARY = path.join(root, 'summary.md');
  process.env.RUNNER_TEMP = root;
  delete process.env.GITHUB_REPOSITORY;
});

beforeEach(() => {
  for (const key of Object.keys(outputs)) delete outputs[key];
  lines.length = 0;
  summary = '';
});

describe('deploy run()', () => {
  it('deploys a package and returns an outcome without a failure', async () => {
    const registry = path.join(root, 'registry-ok');
    inputs = {
      package: await makePackage('1.0.0', '{"v":1}'),
      registry: `file://${registry}`,
      environment: 'staging',
      'github-deployment': 'false',
    };
    await expect(run()).resolves.toEqual({});
    expect(outputs).toMatchObject({ status: 'deployed', version: '1.0.0', 'previous-version': '' });
    expect(summary).toContain('✅ Deployed');
    expect(lines.filter(([level]) => level === 'failed')).toEqual([]);
  });

  it('returns the failure line after setting the outputs when the health check fails', async () => {
    const registry = path.join(root, 'registry-health');
    inputs = {
      package: await makePackage('2.0.0', '{"v":2}'),
      registry: `file://${registry}`,
      environment: 'staging',
      'github-deployment': 'false',
      'health-check-url': 'http://127.0.0.1:9/health',
      'health-timeout': '1',
    };
    const outcome = await run();
    expect(outcome.failure).toMatch(
      /^Deploy of iris 2\.0\.0 to staging failed: health check failed .*there is no previous version\)\.$/,
    );
    expect(outputs.status).toBe('failed');
    expect(summary).toContain('❌ Failed');
  });

  it('sets status failed, writes a summary and rethrows when something stops the deploy', async () => {
    inputs = {
      package: path.join(root, 'no-such-package'),
      registry: `file://${path.join(root, 'registry-missing')}`,
      environment: 'staging',
      'github-deployment': 'false',
    };
    await expect(run()).rejects.toThrow();
    expect(outputs.status).toBe('failed');
    expect(summary).toContain('❌ Failed');
    expect(summary).toContain('**What happened:**');
  });

  it('warns about plain http and credentials in URLs without printing the credentials', async () => {
    inputs = {
      package: await makePackage('3.0.0', '{"v":3}'),
      registry: `file://${path.join(root, 'registry-warn')}`,
      environment: 'staging',
      'github-deployment': 'false',
      'environment-url': 'http://deployer:s3cr3t-pw@staging.example.com',
    };
    await run();
    const warnings = lines.filter(([level]) => level === 'warning').map(([, m]) => m);
    expect(warnings).toEqual([
      expect.stringMatching(/^Input 'environment-url': the URL carries credentials/),
      expect.stringMatching(/^Input 'environment-url': http:\/\/ is not encrypted/),
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t-pw');
  });

  it('reads defaults equal to action.yml (request-timeout 30, network-deadline 120)', async () => {
    const { readDeployInputs } = await import('./inputs.js');
    inputs = { registry: 'r', environment: 'staging', package: 'p' };
    const read = await readDeployInputs();
    const yml = await fs.readFile(path.join(import.meta.dirname ?? '', '..', 'action.yml'), 'utf8');
    const defaultOf = (name: string) =>
      new RegExp(`\\n  ${name}:\\n(?:    .*\\n)*?    default: '([^']*)'`).exec(yml)?.[1];
    expect(String(read.requestTimeoutS)).toBe(defaultOf('request-timeout'));
    expect(String(read.networkDeadlineS)).toBe(defaultOf('network-deadline'));
    expect(String(read.healthTimeoutS)).toBe(defaultOf('health-timeout'));
    expect(read.operation).toBe(defaultOf('operation'));
    expect(String(read.rollbackOnFailure)).toBe(defaultOf('rollback-on-failure'));
    expect(String(read.githubDeployment)).toBe(defaultOf('github-deployment'));
  });
});
