import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDriftMonitorOptions, readMethodChoice } from './drift-options.js';

const saved = { ...process.env };
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-options-'));
  process.env.GITHUB_WORKSPACE = dir;
});

afterEach(async () => {
  process.env = { ...saved };
  await fs.rm(dir, { recursive: true, force: true });
});

function inputs(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) process.env[`INPUT_${k.toUpperCase()}`] = v;
}

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

describe('readDriftMonitorOptions', () => {
  it('defaults alert to issue on schedule and none otherwise', async () => {
    inputs({ reference: 'r.csv', current: 'c.csv' });
    expect((await readDriftMonitorOptions('schedule')).alert).toBe('issue');
    expect((await readDriftMonitorOptions('push')).alert).toBe('none');
  });

  it('reads lists, numbers and the dataset name', async () => {
    inputs({
      reference: 'r.csv',
      current: 'a.csv\nb.csv',
      'exclude-columns': 'id, ts',
      'drift-share': '0.3',
      threshold: '0.01',
      'issue-labels': 'drift,ml',
    });
    const options = await readDriftMonitorOptions('schedule');
    expect(options).toMatchObject({
      current: ['a.csv', 'b.csv'],
      excludeColumns: ['id', 'ts'],
      driftShare: 0.3,
      threshold: 0.01,
      bins: 10,
      issueLabels: ['drift', 'ml'],
      dataset: 'r.csv',
      closeOnClear: true,
      failOnDrift: false,
    });
  });

  it('rejects a target column without a prediction column and a drift share above 1', async () => {
    inputs({ reference: 'r.csv', current: 'c.csv', 'target-column': 'y' });
    await expect(readDriftMonitorOptions('push')).rejects.toThrow(
      "Input 'target-column': needs prediction-column too",
    );
    inputs({ 'target-column': '', 'drift-share': '1.5' });
    await expect(readDriftMonitorOptions('push')).rejects.toThrow(
      "Input 'drift-share': must be at most 1, got 1.5.",
    );
  });
});
