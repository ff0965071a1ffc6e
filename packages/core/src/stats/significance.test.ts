import { gateFixtures } from '../../../../test/fixtures/stats/gate-fixtures.js';
import { bootstrapInterval, pairedBootstrap } from './bootstrap.js';
import { binomTestHalf, mcnemarExact } from './mcnemar.js';
import { rowMetric, type PredictionRows } from './row-metrics.js';
import { confusionMatrix, perClassScores } from './classification-metrics.js';

const fx = gateFixtures();
const options = (confidence: number, seed = 1) => ({ confidence, resamples: 2000, seed });

const classRows = (predicted: number[]): PredictionRows => ({
  kind: 'classification',
  truth: Int32Array.from(fx.classification.truth),
  predicted: Int32Array.from(predicted),
  classNames: fx.classification.classes,
});

describe('exact McNemar (scipy.stats.binomtest)', () => {
  it.each(fx.binomtest.map((c) => [c.k, c.n, c.p_value] as const))(
    'binomtest(%d, %d, 0.5) two-sided',
    (k, n, p) => {
      expect(binomTestHalf(k, n)).toBeCloseTo(p, 12);
      if (p > 0) expect(Math.abs(binomTestHalf(k, n) - p) / p).toBeLessThan(1e-9);
    },
  );

  it('counts discordant pairs and gives binomtest of them', () => {
    const c = fx.classification;
    const right = (pred: number[]) => pred.map((p, i) => p === c.truth[i]);
    const result = mcnemarExact(right(c.candidate), right(c.baseline));
    expect(result.onlyFirst).toBe(c.mcnemar.only_candidate);
    expect(result.onlySecond).toBe(c.mcnemar.only_baseline);
    expect(result.pValue).toBeCloseTo(c.mcnemar.p_value, 12);
  });
});

describe('percentile bootstrap (scipy.stats.bootstrap, method=percentile)', () => {
  // With 2,000 resamples the endpoints of a 95% interval move by about 0.2 standard errors of
  // the statistic from seed to seed; the tolerances below are ~3 such Monte-Carlo errors.
  const c = fx.classification;

  it('accuracy interval matches scipy within Monte-Carlo error, and is seeded', () => {
    const f = rowMetric(classRows(c.candidate), 'accuracy')!;
    const a = bootstrapInterval(c.truth.length, f, options(0.95));
    expect(a.estimate).toBeCloseTo(c.accuracy.candidate, 12);
    expect(Math.abs(a.low - c.accuracy_ci95[0])).toBeLessThan(0.012);
    expect(Math.abs(a.high - c.accuracy_ci95[1])).toBeLessThan(0.012);
    const again = bootstrapInterval(c.truth.length, f, options(0.95));
    expect([again.low, again.high]).toEqual([a.low, a.high]);
    const other = bootstrapInterval(c.truth.length, f, options(0.95, 7));
    expect([other.low, other.high]).not.toEqual([a.low, a.high]);
  });

  it('macro F1 interval (90%) matches scipy paired=True resampling', () => {
    const f = rowMetric(classRows(c.candidate), 'f1_macro')!;
    const a = bootstrapInterval(c.truth.length, f, options(0.9));
    expect(a.estimate).toBeCloseTo(c.f1_macro, 12);
    expect(Math.abs(a.low - c.f1_macro_ci90[0])).toBeLessThan(0.012);
    expect(Math.abs(a.high - c.f1_macro_ci90[1])).toBeLessThan(0.012);
  });

  it('paired differences of accuracy and macro F1 match scipy', () => {
    const acc = pairedBootstrap(
      c.truth.length,
      rowMetric(classRows(c.candidate), 'accuracy')!,
      rowMetric(classRows(c.baseline), 'accuracy')!,
      options(0.95),
    );
    expect(acc.estimate).toBeCloseTo(c.accuracy.candidate - c.accuracy.baseline, 12);
    expect(Math.abs(acc.low - c.accuracy_diff_ci95[0])).toBeLessThan(0.012);
    expect(Math.abs(acc.high - c.accuracy_diff_ci95[1])).toBeLessThan(0.012);
    expect(acc.pValue).toBeGreaterThan(0);
    expect(acc.pValue).toBeLessThanOrEqual(1);
    const f1 = pairedBootstrap(
      c.truth.length,
      rowMetric(classRows(c.candidate), 'f1_macro')!,
      rowMetric(classRows(c.baseline), 'f1_macro')!,
      options(0.95),
    );
    expect(Math.abs(f1.low - c.f1_macro_diff_ci95[0])).toBeLessThan(0.015);
    expect(Math.abs(f1.high - c.f1_macro_diff_ci95[1])).toBeLessThan(0.015);
  });

  it('MAE interval of a regression matches scipy', () => {
    const r = fx.regression;
    const rows: PredictionRows = {
      kind: 'regression',
      truth: Float64Array.from(r.truth),
      predicted: Float64Array.from(r.predicted),
    };
    const a = bootstrapInterval(r.truth.length, rowMetric(rows, 'mae')!, options(0.95));
    expect(Math.abs(a.low - r.mae_ci95[0])).toBeLessThan(0.03);
    expect(Math.abs(a.high - r.mae_ci95[1])).toBeLessThan(0.03);
  });
});

describe('per-class scores (sklearn precision_recall_fscore_support)', () => {
  it('equal sklearn for every class, zero_division=0 and support 0 included', () => {
    const p = fx.per_class;
    const scores = perClassScores(confusionMatrix(p.truth, p.predicted, p.labels.length));
    expect(scores.map((s) => s.support)).toEqual(p.support);
    scores.forEach((s, i) => {
      expect(s.precision).toBeCloseTo(p.precision[i], 12);
      expect(s.recall).toBeCloseTo(p.recall[i], 12);
      expect(s.f1).toBeCloseTo(p.f1[i], 12);
    });
  });
});
