import { servingSkewStage } from './endpoint-stages.js';
import type { ModelInput } from './model-input.js';

const input = (rows: number, ids?: string[]): ModelInput => ({
  values: new Float32Array(rows),
  rowShape: [1],
  rows,
  ids,
  dataFiles: [],
});
const outputs = (values: number[], width: number) => ({
  outputs: Float32Array.from(values),
  width,
});

describe('serving skew', () => {
  it('passes within |served - local| <= tol + tol·|local|, reporting the largest difference', () => {
    // 100 · 1e-3 + 1e-3 = 0.101 allowed at the second row; 0.1 is within.
    const result = servingSkewStage(
      outputs([1, 100], 1),
      outputs([1.0005, 100.1], 1),
      input(2),
      1e-3,
    );
    expect(result.checks).toEqual([
      {
        name: 'serving-skew',
        status: 'pass',
        detail: expect.stringMatching(
          /^the server and the local model agree on all 2 rows within tolerance 0\.001 \(largest difference 0\.1\d*\)\.$/,
        ),
      },
    ]);
    expect(result.metrics!.serving_skew_rows).toBe(0);
    expect(result.metrics!.serving_skew_max_diff).toBeCloseTo(0.1, 4);
  });

  it('fails naming the rows that differ most first, with their ids, at most five', () => {
    const local = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const served = [0, 0, 0.3, 0, 0.9, 0, 0.1, 0, 0.5, 0.2, 0.7, 0, 0.4, 0.6]; // 7 rows × 2
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const result = servingSkewStage(outputs(local, 2), outputs(served, 2), input(7, ids), 1e-4);
    expect(result.checks[0].status).toBe('fail');
    expect(result.checks[0].detail).toBe(
      'the server and the local model disagree on 6 of 7 rows beyond tolerance 0.0001; most: row 3 (id c) (|diff| 0.9), row 6 (id f) (|diff| 0.7), row 7 (id g) (|diff| 0.6), row 5 (id e) (|diff| 0.5), row 2 (id b) (|diff| 0.3). The server may run another model version or other preprocessing.',
    );
    expect(result.value!.map((r) => r.row)).toEqual([3, 6, 7, 5, 2]);
    expect(result.value![0]).toEqual({
      row: 3,
      id: 'c',
      maxDiff: expect.closeTo(0.9, 6),
      local: [0, 0],
      served: [expect.closeTo(0.9, 6), 0],
    });
    expect(result.metrics).toEqual({
      serving_skew_max_diff: expect.closeTo(0.9, 6),
      serving_skew_rows: 6,
    });
  });

  it('a NaN from the server is a difference, and another width is another model', () => {
    const nan = servingSkewStage(outputs([1], 1), outputs([Number.NaN], 1), input(1), 1e-4);
    expect(nan.checks[0]).toMatchObject({ status: 'fail' });
    expect(nan.metrics!.serving_skew_max_diff).toBe(Number.POSITIVE_INFINITY);
    const width = servingSkewStage(outputs([1, 2], 2), outputs([1, 2], 1), input(1), 1e-4);
    expect(width.checks[0]).toEqual({
      name: 'serving-skew',
      status: 'fail',
      detail:
        'the server answers 1 values per row, the local model 2: it serves another model or output.',
    });
  });
});
