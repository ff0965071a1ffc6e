import type { LoadedMetrics } from '../metrics/metrics-file.js';
import { evaluatePolicy, listMetricNames, lookupMetric } from './evaluate.js';
import { UserError } from '../inputs/user-error.js';
import { parsePolicy } from './policy.js';

const metrics = (m: Record<string, unknown>, source = 'metrics.json'): LoadedMetrics => ({
  source,
  structured: false,
  metrics: m,
});

describe('evaluatePolicy', () => {
  it('applies min and max at the boundary inclusively', () => {
    const policy = parsePolicy('rules: [{metric: a, min: 0.9}, {metric: b, max: 50}]', 'p');
    const result = evaluatePolicy(policy, metrics({ a: 0.9, b: 50 }));
    expect(result.checks.map((c) => c.verdict)).toEqual(['pass', 'pass']);
    expect(result.passed).toBe(true);
  });

  it('does not fail a drop equal to the limit because of float noise', () => {
    // 0.93 - 0.92 === 0.010000000000000009 in binary floating point.
    const policy = parsePolicy('rules: [{metric: acc, max-drop: 0.01}]', 'p');
    const result = evaluatePolicy(
      policy,
      metrics({ acc: 0.92 }),
      metrics({ acc: 0.93 }, 'base.json'),
    );
    expect(result.checks[0]).toMatchObject({ verdict: 'pass', baseline: 0.93 });
    expect(result.checks[0].delta).toBeCloseTo(-0.01, 15);
  });

  it('fails a drop just above the limit', () => {
    const policy = parsePolicy('rules: [{metric: acc, max-drop: 0.01}]', 'p');
    const result = evaluatePolicy(policy, metrics({ acc: 0.9199 }), metrics({ acc: 0.93 }));
    expect(result.checks[0].verdict).toBe('fail');
    expect(result.failed).toHaveLength(1);
  });

  it('computes relative drops in percent of the baseline', () => {
    const policy = parsePolicy('rules: [{metric: f1, max-drop-pct: 2}]', 'p');
    const ok = evaluatePolicy(policy, metrics({ f1: 0.882 }), metrics({ f1: 0.9 }));
    expect(ok.checks[0].deltaPct).toBeCloseTo(-2, 12);
    expect(ok.checks[0].verdict).toBe('pass');
    const bad = evaluatePolicy(policy, metrics({ f1: 0.88 }), metrics({ f1: 0.9 }));
    expect(bad.checks[0].verdict).toBe('fail');
    expect(bad.checks[0].reason).toBe('drop 2.22222% from baseline 0.9 > max-drop-pct 2%');
  });

  it('reports warning rules without failing', () => {
    const policy = parsePolicy('rules: [{metric: a, min: 1, severity: warning}]', 'p');
    const result = evaluatePolicy(policy, metrics({ a: 0 }));
    expect(result.checks[0].verdict).toBe('warn');
    expect(result.passed).toBe(true);
  });

  it('skips drop rules when the baseline lacks the metric and on-missing-baseline is skip', () => {
    const policy = parsePolicy(
      'on-missing-baseline: skip\nrules: [{metric: new_metric, max-drop: 0.1, min: 0}]',
      'p',
    );
    const result = evaluatePolicy(
      policy,
      metrics({ new_metric: 1 }),
      metrics({ other: 1 }, 'base.json'),
    );
    expect(result.checks.map((c) => [c.kind, c.verdict])).toEqual([
      ['min', 'pass'],
      ['max-drop', 'skip'],
    ]);
    expect(result.checks[1].reason).toBe("baseline 'base.json' has no metric 'new_metric'");
  });

  it('reads nested metrics by dotted path and keys that contain dots', () => {
    const m = { 'val.acc': 0.8, per_class: { rain: { recall: 0.7 } } };
    expect(lookupMetric(m, 'val.acc')).toEqual({ found: true, value: 0.8 });
    expect(lookupMetric(m, 'per_class.rain.recall')).toEqual({ found: true, value: 0.7 });
    expect(lookupMetric(m, 'per_class.sun.recall').found).toBe(false);
    expect(listMetricNames(m)).toEqual(['val.acc', 'per_class.rain.recall']);
  });

  it('refuses a non-finite or missing metric with the names that exist', () => {
    const policy = parsePolicy('rules: [{metric: acc, min: 0.5}]', 'p');
    expect(() => evaluatePolicy(policy, metrics({ acc: null }))).toThrow(
      /is not a finite number: got null/,
    );
    expect(() => evaluatePolicy(policy, metrics({ f1: 1, loss: 2 }))).toThrow(
      /does not have; metrics in the file: f1, loss/,
    );
  });
});

describe('parsePolicy', () => {
  it.each([
    ['rules: []', /'rules' must be a non-empty list/],
    ['- metric: a', /must be a mapping with a 'rules' list/],
    ['rules: [{metric: a}]', /sets no limit/],
    ['rules: [{metric: a, min: "high"}]', /'min' must be a number, got "high"/],
    ['rules: [{metric: a, min: 2, max: 1}]', /min 2 is above max 1/],
    ['rules: [{metric: a, max-drop: -1}]', /must not be negative/],
    ['rules: [{metric: a, max-increase-pct: -1}]', /must not be negative/],
    ['on-missing-baseline: ignore\nrules: [{metric: a, min: 1}]', /must be fail or skip/],
    ['rules: [{metric: a, max-drop: 1, on-missing-baseline: yes}]', /must be fail or skip/],
    [
      'rules: [{metric: a, min: 1, confidence: 95}]',
      /'confidence' must be a number from 0.5 to 0.999/,
    ],
    ['rules: [{metric: a, min: 1, severity: fatal}]', /severity 'fatal'; use failure or warning/],
    ['rules: [{min: 1}]', /needs a 'metric'/],
    ['rules: [{metric: a, min: 1}]\nthresholds: {}', /unknown top-level key\(s\) thresholds/],
    ['rules:\n  - metric: a\n    min: 1\n    min: 2', /not valid YAML at line 4/],
  ])('rejects %j', (text, message) => {
    expect(() => parsePolicy(text, 'gate.yml')).toThrow(message);
  });

  it('refuses a YAML alias bomb and an alias to nothing as user errors naming the input', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...['b', 'c', 'd', 'e', 'f'].map(
        (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`,
      ),
      'rules: [*f]',
    ].join('\n');
    const started = Date.now();
    expect(() => parsePolicy(bomb, 'gate.yml')).toThrow(
      /^Input 'policy': gate\.yml: uses YAML aliases \(\*name\) that expand too far/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(() => parsePolicy('rules: *x', 'gate.yml')).toThrow(
      /^Input 'policy': gate\.yml: is not valid YAML: Unresolved alias/,
    );
    // An alias that resolves to the wrong shape is caught by the shape check.
    expect(() => parsePolicy('x: &x 3\nrules: *x', 'gate.yml', 'validate-policy')).toThrow(
      /^Input 'validate-policy': gate\.yml: has unknown top-level key\(s\) x/,
    );
    expect(() => parsePolicy('rules: &r [*r]', 'gate.yml')).toThrow(UserError);
  });

  it('reads every limit kind and the default severity', () => {
    const policy = parsePolicy(
      'rules:\n  - metric: acc\n    min: 0.9\n    max-drop: 0.01\n  - metric: f1\n    max-drop-pct: 2\n    severity: warning\n',
      'gate.yml',
    );
    expect(policy.rules).toEqual([
      {
        index: 1,
        metric: 'acc',
        severity: 'failure',
        description: undefined,
        limits: { min: 0.9, 'max-drop': 0.01 },
        onMissingBaseline: 'fail',
      },
      {
        index: 2,
        metric: 'f1',
        severity: 'warning',
        description: undefined,
        limits: { 'max-drop-pct': 2 },
        onMissingBaseline: 'fail',
      },
    ]);
  });
});
