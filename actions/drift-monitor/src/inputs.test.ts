import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DRIFT_MONITOR_DEFAULTS, readDriftMonitorInputs, readMethodChoice } from './inputs.js';

const saved = { ...process.env };
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-inputs-'));
  process.env.GITHUB_WORKSPACE = dir;
});

afterEach(async () => {
  process.env = { ...saved };
  await fs.rm(dir, { recursive: true, force: true });
});

function inputs(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) process.env[`INPUT_${k.toUpperCase()}`] = v;
}

describe('action.yml defaults', () => {
  it('equal the defaults in code, input by input', async () => {
    const yml = parseYaml(
      await fs.readFile(path.resolve('actions/drift-monitor/action.yml'), 'utf8'),
    ) as { inputs: Record<string, { default?: string }> };
    const declared = Object.fromEntries(
      Object.entries(yml.inputs)
        .filter(([name, spec]) => spec.default !== undefined && name !== 'github-token')
        .map(([name, spec]) => [name, String(spec.default)]),
    );
    expect(DRIFT_MONITOR_DEFAULTS).toEqual(declared);
  });
});

describe('readMethodChoice', () => {
  it('takes one method name for every column', async () => {
    await expect(readMethodChoice('PSI')).resolves.toEqual({ default: 'psi', perColumn: {} });
    await expect(readMethodChoice(undefined)).resolves.toEqual({ default: 'auto', perColumn: {} });
  });

  it('reads a per-column YAML map with a default', async () => {
    await fs.writeFile(path.join(dir, 'methods.yml'), 'default: wasserstein\ncountry: chisquare\n');
    await expect(readMethodChoice('methods.yml')).resolves.toEqual({
      default: 'wasserstein',
      perColumn: { country: 'chisquare' },
    });
  });

  it('names an unknown method and the input', async () => {
    await expect(readMethodChoice('t-test')).rejects.toThrow(
      "Input 'method': unknown drift method 't-test'",
    );
    await fs.writeFile(path.join(dir, 'm.json'), '{"age": 3}');
    await expect(readMethodChoice('m.json')).rejects.toThrow("the method of 'age' must be a name");
  });
});

describe('readDriftMonitorInputs', () => {
  it('defaults alert to issue on schedule and none otherwise', async () => {
    inputs({ reference: 'r.csv', current: 'c.csv' });
    expect((await readDriftMonitorInputs('schedule')).alert).toBe('issue');
    expect((await readDriftMonitorInputs('push')).alert).toBe('none');
  });

  it('reads lists, numbers and the dataset name, with the action.yml defaults', async () => {
    inputs({
      reference: 'r.csv',
      current: 'a.csv\nb.csv',
      'exclude-columns': 'id, ts',
      'drift-share': '0.3',
      threshold: '0.01',
      'issue-labels': 'drift,ml',
    });
    const options = await readDriftMonitorInputs('schedule');
    expect(options).toMatchObject({
      current: ['a.csv', 'b.csv'],
      excludeColumns: ['id', 'ts'],
      driftShare: 0.3,
      threshold: 0.01,
      bins: 10,
      missingShareJump: 0.1,
      contamination: 0.01,
      issueLabels: ['drift', 'ml'],
      dataset: 'r.csv',
      reportDir: 'drift-report',
      closeOnClear: true,
      failOnDrift: false,
      mode: 'compare',
    });
  });

  it('rejects a target column without a prediction column and out-of-range shares', async () => {
    inputs({ reference: 'r.csv', current: 'c.csv', 'target-column': 'y' });
    await expect(readDriftMonitorInputs('push')).rejects.toThrow(
      "Input 'target-column': needs prediction-column too",
    );
    inputs({ 'target-column': '', 'drift-share': '1.5' });
    await expect(readDriftMonitorInputs('push')).rejects.toThrow(
      "Input 'drift-share': must be at most 1, got 1.5.",
    );
    inputs({ 'drift-share': '0.5', 'missing-share-jump': '-1' });
    await expect(readDriftMonitorInputs('push')).rejects.toThrow(
      "Input 'missing-share-jump': must be at least 0, got -1.",
    );
    inputs({ 'missing-share-jump': '0.1', contamination: '0' });
    await expect(readDriftMonitorInputs('push')).rejects.toThrow(
      "Input 'contamination': must be above 0 and below 1 (a share of rows), got 0.",
    );
  });
});
