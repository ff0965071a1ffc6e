import { conceptDrift, estimateAccuracy } from './concept-drift.js';

describe('conceptDrift', () => {
  it('measures classification quality on both sides and the change', () => {
    const result = conceptDrift({
      task: 'classification',
      reference: { target: ['a', 'b', 'a', 'b'], prediction: ['a', 'b', 'a', 'b'] },
      current: { target: ['a', 'b', 'a', 'b'], prediction: ['a', 'a', 'a', 'b'] },
    });
    expect(result.reference).toEqual({ rows: 4, accuracy: 1, f1_macro: 1, roc_auc: null });
    expect(result.current).toMatchObject({ rows: 4, accuracy: 0.75 });
    // sklearn f1_score(average='macro') of this confusion: (0.8 + 0.6667) / 2
    expect((result.current as { f1_macro: number }).f1_macro).toBeCloseTo((0.8 + 2 / 3) / 2, 12);
    expect(result.change.accuracy).toBeCloseTo(-0.25, 12);
    expect(result.estimate).toBeUndefined();
  });

  it('computes binary ROC AUC from one positive-class probability column', () => {
    const result = conceptDrift({
      task: 'classification',
      classes: ['0', '1'],
      reference: {
        target: [0, 0, 1, 1],
        prediction: [0, 1, 0, 1],
        probabilities: [[0.1], [0.6], [0.4], [0.9]],
      },
      current: { target: [0, 1], prediction: [0, 1], probabilities: [[0.2], [0.8]] },
    });
    expect(result.reference).toMatchObject({ roc_auc: 0.75 });
    expect(result.current).toMatchObject({ roc_auc: 1, accuracy: 1 });
  });

  it('measures regression error and skips rows with a missing label', () => {
    const result = conceptDrift({
      task: 'regression',
      reference: { target: [1, 2, 3], prediction: [1, 2, 4] },
      current: { target: [1, null, 3], prediction: [3, 2, 3] },
    });
    expect(result.reference).toEqual({ rows: 3, mae: 1 / 3, rmse: Math.sqrt(1 / 3) });
    expect(result.current).toEqual({ rows: 2, mae: 1, rmse: Math.sqrt(2) });
  });

  it('estimates accuracy without current labels, calibrated on the reference', () => {
    // Reference: confident rows (0.9) are right only half the time.
    const result = conceptDrift({
      task: 'classification',
      classes: ['a', 'b'],
      reference: {
        target: ['a', 'b', 'a', 'b'],
        prediction: ['a', 'a', 'a', 'a'],
        probabilities: [
          [0.95, 0.05],
          [0.95, 0.05],
          [0.95, 0.05],
          [0.95, 0.05],
        ],
      },
      current: {
        prediction: ['a', 'b'],
        probabilities: [
          [0.95, 0.05],
          [0.3, 0.7],
        ],
      },
    });
    expect(result.current).toBeNull();
    expect(result.estimate).toEqual({
      estimated: true,
      method: 'confidence',
      accuracy: (0.5 + 0.7) / 2,
      calibrated: true,
      rows: 2,
    });
  });
});

describe('estimateAccuracy', () => {
  it('is the mean max-probability when uncalibrated', () => {
    expect(estimateAccuracy([[0.9, 0.1], [0.6, 0.4], [0.2]])).toMatchObject({
      accuracy: (0.9 + 0.6 + 0.8) / 3,
      calibrated: false,
    });
  });
});
