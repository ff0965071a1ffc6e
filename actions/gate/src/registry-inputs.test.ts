import { jest } from '@jest/globals';

/** gate's `baseline: registry` inputs: what goes together, and one clear line when not. */
const inputs: Record<string, string> = {};

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => inputs[name] ?? '',
}));

const { readGateInputs } = await import('./inputs.js');

describe('gate inputs for baseline: registry', () => {
  beforeEach(() => {
    for (const key of Object.keys(inputs)) delete inputs[key];
    Object.assign(inputs, { metrics: 'm.json', policy: 'rules: []' });
  });

  it('reads registry, environment and model, bounded by request-timeout and timeout', async () => {
    Object.assign(inputs, {
      baseline: 'registry',
      registry: 's3://models/team?endpoint=http://127.0.0.1:9000',
      environment: 'production',
      model: 'iris',
      'request-timeout': '5',
      timeout: '60',
    });
    const read = await readGateInputs();
    expect(read.baseline).toBeUndefined();
    expect(read.registryBaseline).toEqual({
      registry: 's3://models/team?endpoint=http://127.0.0.1:9000',
      environment: 'production',
      model: 'iris',
      timeouts: { requestTimeoutMs: 5000, deadlineMs: 60_000 },
    });
  });

  it('keeps a baseline file a file', async () => {
    inputs.baseline = 'prod/metrics.json';
    const read = await readGateInputs();
    expect(read).toMatchObject({ baseline: 'prod/metrics.json' });
    expect(read.registryBaseline).toBeUndefined();
  });

  it.each([
    [
      { baseline: 'registry', environment: 'production' },
      /^Input 'registry': is required with 'baseline: registry'/,
    ],
    [
      { baseline: 'registry', registry: 'file:///r' },
      /^Input 'environment': is required with 'baseline: registry'/,
    ],
    [
      { baseline: 'prod.json', registry: 'file:///r' },
      /^Input 'registry': is only used with 'baseline: registry'/,
    ],
    [{ environment: 'production' }, /^Input 'environment': is only used with 'baseline: registry'/],
  ])('refuses %j in one line naming the input', async (given, message) => {
    Object.assign(inputs, given);
    await expect(readGateInputs()).rejects.toThrow(message);
  });
});
