import { detectAnomalies, robustScale } from './anomalies.js';

describe('robustScale', () => {
  it('uses median and MAD/0.6745', () => {
    // median 3, |x-3| = 2,1,0,1,97 -> MAD 1
    const s = robustScale('x', [1, 2, 3, 4, 100])!;
    expect(s.median).toBe(3);
    expect(s.estimator).toBe('mad');
    expect(s.scale).toBeCloseTo(1 / 0.6745, 12);
  });

  it('falls back to the mean absolute deviation when MAD is 0, ignoring missing values', () => {
    const s = robustScale('x', [0, 0, 0, 0, 0, 0, 5, NaN])!;
    expect(s.median).toBe(0);
    expect(s.estimator).toBe('mean_absolute_deviation');
    expect(s.scale).toBeCloseTo(Math.sqrt(Math.PI / 2) * (5 / 7), 12);
  });

  it('gives no scale for a constant column', () => {
    expect(robustScale('x', [2, 2, 2])).toBeUndefined();
  });
});

describe('detectAnomalies', () => {
  const reference = Array.from({ length: 101 }, (_, i) => i); // median 50, MAD 25
  it('flags values beyond |z| > 3.5 and unseen categories, worst first', () => {
    const result = detectAnomalies([
      { name: 'num', kind: 'numeric', reference, current: [50, 50 + 25 * 5.2, 50 - 25 * 10, NaN] },
      {
        name: 'cat',
        kind: 'categorical',
        reference: reference.map((i) => (i % 2 ? 'a' : 'b')),
        current: ['a', 'zzz', 'b', null],
      },
    ]);
    expect(result.current).toEqual({ rows: 4, anomalous: 2, share: 0.5 });
    expect(result.reference.anomalous).toBe(0);
    expect(result.by_column).toEqual({ num: 2, cat: 1 });
    expect(result.top.map((e) => e.row)).toEqual([1, 2]);
    expect(result.top[0].reasons).toEqual([
      { column: 'num', value: 180, score: expect.closeTo(3.5074, 3) },
      { column: 'cat', value: 'zzz', unseen: true },
    ]);
    expect(result.top[1].reasons[0].score).toBeCloseTo(-6.745, 10);
  });

  it('skips a constant reference column and says why', () => {
    const result = detectAnomalies([
      { name: 'const', kind: 'numeric', reference: [1, 1, 1], current: [1, 9] },
    ]);
    expect(result.current.anomalous).toBe(0);
    expect(result.skipped).toEqual([
      { column: 'const', reason: 'reference has no spread (constant or empty)' },
    ]);
  });

  it('keeps only the requested number of examples', () => {
    const result = detectAnomalies(
      [
        {
          name: 'n',
          kind: 'numeric',
          reference,
          current: Array.from({ length: 50 }, (_, i) => 1000 + i),
        },
      ],
      { top: 3 },
    );
    expect(result.current.anomalous).toBe(50);
    expect(result.top.map((e) => e.row)).toEqual([49, 48, 47]);
  });
});
