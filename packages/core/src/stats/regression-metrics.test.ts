import { readFileSync } from 'node:fs';
import { regressionSummary } from './regression-metrics.js';

interface RegressionFixture {
  name: string;
  y_true: number[];
  y_pred: number[];
  expected: { mae: number; rmse: number; r2: number; mape: number };
}

// Reference values from scikit-learn: test/fixtures/metrics/generate_metrics_fixtures.py
const fixtures = JSON.parse(
  readFileSync(
    new URL('../../../../test/fixtures/metrics/metrics_fixtures.json', import.meta.url),
    'utf8',
  ),
) as { regression: RegressionFixture[] };

describe('regression metrics agree with scikit-learn', () => {
  it.each(fixtures.regression.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const summary = regressionSummary(fixture.y_true, fixture.y_pred);
    for (const key of ['mae', 'rmse', 'r2'] as const) {
      expect(summary[key]).toBeCloseTo(fixture.expected[key], 10);
    }
    // MAPE can be ~1e15 when a true value is 0: compare relatively
    const scale = Math.max(Math.abs(fixture.expected.mape), 1);
    expect(Math.abs(summary.mape - fixture.expected.mape) / scale).toBeLessThan(1e-12);
  });
});
