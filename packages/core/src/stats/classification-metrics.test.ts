import { readFileSync } from 'node:fs';
import {
  accuracy,
  classificationSummary,
  confusionMatrix,
  logLoss,
  rocAucBinary,
  rocAucOvrMacro,
} from './classification-metrics.js';

interface ClassificationFixture {
  name: string;
  y_true: number[];
  probabilities: number[][];
  expected: Record<string, number> & { confusion_matrix: number[][] };
}

// Reference values from scikit-learn: test/fixtures/metrics/generate_metrics_fixtures.py
const fixtures = JSON.parse(
  readFileSync(
    new URL('../../../../test/fixtures/metrics/metrics_fixtures.json', import.meta.url),
    'utf8',
  ),
) as { classification: ClassificationFixture[] };

describe('classification metrics agree with scikit-learn', () => {
  it.each(fixtures.classification.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const summary = classificationSummary(fixture.y_true, fixture.probabilities);
    for (const key of [
      'accuracy',
      'precision_macro',
      'recall_macro',
      'f1_macro',
      'log_loss',
      'roc_auc',
    ] as const) {
      expect(summary[key]).toBeCloseTo(fixture.expected[key], 10);
    }
    expect(summary.confusion_matrix).toEqual(fixture.expected.confusion_matrix);
  });
});

describe('classification metric edge cases', () => {
  it('counts tied scores as one half in ROC AUC', () => {
    expect(rocAucBinary([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(rocAucBinary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('gives NaN AUC when only one class is present', () => {
    expect(rocAucBinary([1, 1], [0.2, 0.9])).toBeNaN();
  });

  it('leaves classes absent from the truth out of the one-vs-rest average', () => {
    const probabilities = [
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.6, 0.3, 0.1],
    ];
    // class 2 never occurs; classes 0 and 1 are each perfectly ranked
    expect(rocAucOvrMacro([0, 1, 0], probabilities)).toBe(1);
  });

  it('clips a zero probability instead of returning infinity', () => {
    expect(logLoss([1], [[1, 0]])).toBeCloseTo(-Math.log(1e-15), 6);
  });

  it('sizes the confusion matrix from the number of classes when given', () => {
    expect(confusionMatrix([0, 0], [0, 1], 3)).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('refuses inputs of different lengths', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(/lengths differ/);
  });
});
