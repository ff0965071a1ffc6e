import { gateFixtures } from '../../../../test/fixtures/stats/gate-fixtures.js';
import type { LoadedMetrics } from '../metrics/metrics-file.js';
import type { LoadedPredictions } from '../metrics/predictions-rows.js';
import { evaluatePolicy } from './evaluate.js';
import { parsePolicy } from './policy.js';

const metrics = (
  m: Record<string, unknown>,
  source = 'metrics.json',
  sha256?: string,
): LoadedMetrics => ({
  source,
  structured: true,
  metrics: m,
  ...(sha256 ? { dataset: { path: 'd.csv', rows: 10, sha256 } } : {}),
});

describe('baseline rules without a baseline (issue 13)', () => {
  it('fail by default, naming the fix', () => {
    const policy = parsePolicy('rules: [{metric: acc, max-drop: 0.01}]', 'p');
    const result = evaluatePolicy(policy, metrics({ acc: 0.95 }));
    expect(result.passed).toBe(false);
    expect(result.checks[0]).toMatchObject({ verdict: 'fail', baseline: null });
    expect(result.checks[0].reason).toBe(
      'no baseline given (give a baseline, or set on-missing-baseline: skip)',
    );
  });

  it('warn (not fail) for a warning rule; skip with the top-level or per-rule setting', () => {
    const warn = parsePolicy('rules: [{metric: acc, max-drop: 0.01, severity: warning}]', 'p');
    expect(evaluatePolicy(warn, metrics({ acc: 1 })).checks[0].verdict).toBe('warn');
    const top = parsePolicy(
      'on-missing-baseline: skip\nrules: [{metric: acc, max-drop: 0.01}, {metric: acc, max-increase: 1, on-missing-baseline: fail}]',
      'p',
    );
    const r = evaluatePolicy(top, metrics({ acc: 1 }));
    expect(r.checks.map((c) => c.verdict)).toEqual(['skip', 'fail']);
    const perRule = parsePolicy(
      'rules: [{metric: acc, max-drop-pct: 1, on-missing-baseline: skip}]',
      'p',
    );
    const s = evaluatePolicy(perRule, metrics({ acc: 1 }));
    expect(s.checks[0]).toMatchObject({ verdict: 'skip', reason: 'no baseline given' });
    expect(s.passed).toBe(true);
  });

  it('fail when the baseline lacks the metric', () => {
    const policy = parsePolicy('rules: [{metric: acc, max-drop: 0.01}]', 'p');
    const r = evaluatePolicy(policy, metrics({ acc: 1 }), metrics({ f1: 1 }, 'base.json'));
    expect(r.checks[0].verdict).toBe('fail');
    expect(r.checks[0].reason).toMatch(/^baseline 'base.json' has no metric 'acc'/);
  });
});

describe('lower-is-better rules max-increase and max-increase-pct', () => {
  const policy = parsePolicy(
    'rules: [{metric: latency_ms_p95, max-increase: 2, max-increase-pct: 10}, {metric: log_loss, max-increase: 0.05}]',
    'p',
  );
  it('pass a decrease and an increase up to the limit', () => {
    const r = evaluatePolicy(
      policy,
      metrics({ latency_ms_p95: 21.9, log_loss: 0.35 }),
      metrics({ latency_ms_p95: 20, log_loss: 0.3 }),
    );
    expect(r.checks.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(r.checks[0].reason).toBe('increase 1.9 from baseline 20 <= max-increase 2');
    expect(r.checks[1].reason).toBe('increase 9.5% from baseline 20 <= max-increase-pct 10%');
  });
  it('fail an increase beyond the limit', () => {
    const r = evaluatePolicy(
      policy,
      metrics({ latency_ms_p95: 23, log_loss: 0.2 }),
      metrics({ latency_ms_p95: 20, log_loss: 0.3 }),
    );
    expect(r.checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'pass']);
    expect(r.checks[1].reason).toBe('increase 15% from baseline 20 > max-increase-pct 10%');
  });
});

describe('baseline measured on other data', () => {
  const policy = parsePolicy('rules: [{metric: acc, max-drop: 0.01}]', 'p');
  it('gives a warning naming both hashes; none when they match or one is unknown', () => {
    const r = evaluatePolicy(
      policy,
      metrics({ acc: 0.9 }, 'm.json', 'aa'.repeat(32)),
      metrics({ acc: 0.9 }, 'base.json', 'bb'.repeat(32)),
    );
    expect(r.passed).toBe(true);
    expect(r.warnings).toEqual([
      `The baseline 'base.json' was measured on other data than the candidate (dataset sha256 ${'bb'.repeat(6)}… vs ${'aa'.repeat(6)}…): drops and increases compare different datasets.`,
    ]);
    const same = evaluatePolicy(
      policy,
      metrics({ acc: 0.9 }, 'm.json', 'aa'.repeat(32)),
      metrics({ acc: 0.9 }, 'base.json', 'aa'.repeat(32)),
    );
    expect(same.warnings).toEqual([]);
    expect(
      evaluatePolicy(policy, metrics({ acc: 0.9 }, 'm.json', 'aa'), metrics({ acc: 0.9 })).warnings,
    ).toEqual([]);
  });
});

describe('significance-aware rules (confidence)', () => {
  const fx = gateFixtures().classification;
  const loaded = (predicted: number[], source: string): LoadedPredictions => ({
    source,
    rows: {
      kind: 'classification',
      truth: Int32Array.from(fx.truth),
      predicted: Int32Array.from(predicted),
      classNames: fx.classes,
    },
    keys: fx.truth.map((_, i) => String(i + 1)),
    byId: false,
  });
  const predictions = loaded(fx.candidate, 'pred.jsonl');
  const baselinePredictions = loaded(fx.baseline, 'base-pred.jsonl');
  const acc = fx.accuracy.candidate; // 0.77 on 400 rows; 95% interval about ±0.04

  it.each([
    [acc - 0.1, 'pass'],
    [acc, 'warn'],
    [acc + 0.1, 'fail'],
  ])('min %f with confidence: %s', (min, verdict) => {
    const policy = parsePolicy(`rules: [{metric: accuracy, min: ${min}, confidence: 0.95}]`, 'p');
    const r = evaluatePolicy(policy, metrics({ accuracy: acc }), undefined, undefined, {
      predictions,
    });
    expect(r.checks[0]).toMatchObject({ verdict, confidence: 0.95, test: 'bootstrap' });
    const [low, high] = r.checks[0].interval!;
    expect(low).toBeLessThan(acc);
    expect(high).toBeGreaterThan(acc);
    if (verdict === 'fail') expect(r.checks[0].reason).toMatch(/entirely below min/);
    if (verdict === 'warn') expect(r.checks[0].reason).toMatch(/not significant/);
  });

  it('max with confidence on a lower-is-better metric fails only when the interval is above', () => {
    const policy = parsePolicy(
      `rules: [{metric: error_rate, max: 0.1, confidence: 0.95}, {metric: error_rate, max: 0.3, confidence: 0.95}]`,
      'p',
    );
    const r = evaluatePolicy(policy, metrics({ error_rate: 1 - acc }), undefined, undefined, {
      predictions,
    });
    expect(r.checks.map((c) => c.verdict)).toEqual(['fail', 'pass']);
  });

  it('max-drop: exact McNemar p-value of scipy, fails only when significant and over the limit', () => {
    const drop = fx.accuracy.baseline - acc;
    const m = metrics({ accuracy: acc });
    const b = metrics({ accuracy: fx.accuracy.baseline }, 'base.json');
    const sig = { predictions, baselinePredictions };
    const over = parsePolicy('rules: [{metric: accuracy, max-drop: 0.01, confidence: 0.95}]', 'p');
    const r = evaluatePolicy(over, m, b, undefined, sig);
    expect(r.checks[0].pValue).toBeCloseTo(fx.mcnemar.p_value, 12);
    expect(r.checks[0].test).toBe('mcnemar');
    expect(r.checks[0].verdict).toBe(fx.mcnemar.p_value < 0.05 ? 'fail' : 'warn');
    // A limit above the drop passes whatever the p-value.
    const under = parsePolicy(
      `rules: [{metric: accuracy, max-drop: ${drop + 0.01}, confidence: 0.95}]`,
      'p',
    );
    expect(evaluatePolicy(under, m, b, undefined, sig).checks[0].verdict).toBe('pass');
    // At a confidence whose alpha is below the p-value the same drop is only a warning.
    const strict = parsePolicy(
      'rules: [{metric: accuracy, max-drop: 0.01, confidence: 0.999}]',
      'p',
    );
    const rs = evaluatePolicy(strict, m, b, undefined, sig);
    expect(rs.checks[0].verdict).toBe(fx.mcnemar.p_value < 0.001 ? 'fail' : 'warn');
  });

  it('max-drop on macro F1 uses the paired bootstrap', () => {
    const policy = parsePolicy(
      'rules: [{metric: f1_macro, max-drop: 0.01, confidence: 0.95}]',
      'p',
    );
    const r = evaluatePolicy(
      policy,
      metrics({ f1_macro: fx.f1_macro }),
      metrics({ f1_macro: 0.9 }),
      undefined,
      { predictions, baselinePredictions },
    );
    expect(r.checks[0].test).toBe('paired-bootstrap');
    expect(r.checks[0].interval![0]).toBeLessThan(r.checks[0].interval![1]);
  });

  it('treats a baseline rule with confidence but no baseline-predictions as a missing baseline', () => {
    const policy = parsePolicy(
      'rules: [{metric: accuracy, min: 0.5, max-drop: 0.01, confidence: 0.95}, {metric: accuracy, max-drop: 0.01, confidence: 0.95, on-missing-baseline: skip}]',
      'p',
    );
    const r = evaluatePolicy(
      policy,
      metrics({ accuracy: acc }),
      metrics({ accuracy: 0.9 }),
      undefined,
      { predictions },
    );
    expect(r.checks.map((c) => [c.kind, c.verdict, c.baseline])).toEqual([
      ['min', 'pass', 0.9],
      ['max-drop', 'fail', null],
      ['max-drop', 'skip', null],
    ]);
    expect(r.checks[1].reason).toBe(
      'no baseline-predictions given for the paired test (confidence 0.95) (give a baseline, or set on-missing-baseline: skip)',
    );
  });

  it('refuses confidence without predictions, and on a metric rows cannot give', () => {
    const policy = parsePolicy('rules: [{metric: accuracy, min: 0.5, confidence: 0.95}]', 'p');
    expect(() => evaluatePolicy(policy, metrics({ accuracy: 0.8 }))).toThrow(
      /^Input 'predictions': policy rule 1 \(accuracy\) sets confidence/,
    );
    const latency = parsePolicy('rules: [{metric: latency_ms_p95, max: 5, confidence: 0.9}]', 'p');
    expect(() =>
      evaluatePolicy(latency, metrics({ latency_ms_p95: 1 }), undefined, undefined, {
        predictions,
      }),
    ).toThrow(/cannot be recomputed from the per-row predictions/);
  });
});
