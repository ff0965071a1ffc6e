import { seededRandom } from './random.js';
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

  it('calibrates the threshold on the reference: its (1 - contamination) quantile of the score', () => {
    // scores |i - 50| / 37.06..: the 0.9 quantile of |i - 50| over 0..100 is 45
    const result = detectAnomalies(
      [
        {
          name: 'num',
          kind: 'numeric',
          reference,
          current: [50, 50 + 25 * 5.2, 50 - 25 * 10, NaN],
        },
      ],
      { contamination: 0.1 },
    );
    expect(result.contamination).toBe(0.1);
    expect(result.threshold).toBeCloseTo((45 * 0.6745) / 25, 12);
    // the reference rows with |i - 50| = 46..50, on both sides, score above it
    expect(result.reference).toEqual({ rows: 101, anomalous: 10, share: 10 / 101 });
    expect(result.current.anomalous).toBe(2);
  });

  it('flags scores above the threshold and unseen categories; rows with unseen categories first, then by score', () => {
    const result = detectAnomalies(
      [
        {
          name: 'num',
          kind: 'numeric',
          reference,
          current: [50, 50 + 25 * 5.2, 50 - 25 * 10, NaN],
        },
        {
          name: 'cat',
          kind: 'categorical',
          reference: reference.map((i) => (i % 2 ? 'a' : 'b')),
          current: ['a', 'zzz', 'b', null],
        },
      ],
      { threshold: 3.5 },
    );
    expect(result.current).toEqual({ rows: 4, anomalous: 2, share: 0.5 });
    expect(result.reference.anomalous).toBe(0);
    expect(result.by_column).toEqual({ num: 2, cat: 1 });
    expect(result.top.map((e) => e.row)).toEqual([1, 2]);
    expect(result.top[0].reasons).toEqual([
      { column: 'num', value: 180, score: expect.closeTo(3.5074, 3) },
      { column: 'cat', value: 'zzz', unseen: true },
    ]);
    expect(result.top[1].score).toBeCloseTo(6.745, 10);
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

  it('lists every anomalous row by default, and only the requested number when asked', () => {
    const column = {
      name: 'n',
      kind: 'numeric' as const,
      reference,
      current: Array.from({ length: 50 }, (_, i) => 1000 + i),
    };
    expect(detectAnomalies([column]).top).toHaveLength(50);
    const result = detectAnomalies([column], { top: 3 });
    expect(result.current.anomalous).toBe(50);
    expect(result.top.map((e) => e.row)).toEqual([49, 48, 47]);
  });

  it('refuses a contamination outside (0, 1)', () => {
    expect(() => detectAnomalies([], { contamination: 0 })).toThrow(/contamination/);
    expect(() => detectAnomalies([], { contamination: 1 })).toThrow(/contamination/);
  });
});

describe('anomaly calibration (A/A)', () => {
  // many columns, as breast_cancer: with a fixed |M| > 3.5 rule a heavy-tailed column alone flags
  // many rows; calibrated on the reference, the flagged share of data drawn like the reference is
  // the contamination, within binomial error.
  function side(random: () => number, n: number, columns: number): number[][] {
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Array.from({ length: columns }, (_, j) =>
      Array.from({ length: n }, () =>
        j % 3 === 0 ? Math.exp(normal()) : j % 3 === 1 ? normal() : normal() / (0.2 + random()),
      ),
    );
  }

  it.each([0.01, 0.05])(
    'contamination %s: A/A runs flag that share of current rows',
    (contamination) => {
      const runs = 8;
      const nRef = 4000;
      const nCur = 2000;
      let flagged = 0;
      let referenceFlagged = 0;
      for (let seed = 1; seed <= runs; seed++) {
        const random = seededRandom(seed);
        const ref = side(random, nRef, 12);
        const cur = side(random, nCur, 12);
        const result = detectAnomalies(
          ref.map((r, j) => ({
            name: `c${j}`,
            kind: 'numeric' as const,
            reference: r,
            current: cur[j],
          })),
          { contamination },
        );
        flagged += result.current.anomalous;
        referenceFlagged += result.reference.anomalous;
        expect(result.reference.share).toBeLessThanOrEqual(contamination);
      }
      const total = runs * nCur;
      // binomial error of the current share plus that of the reference quantile (each run's
      // threshold is estimated from nRef rows)
      const sd = Math.sqrt(contamination * (1 - contamination) * total * (1 + nCur / nRef));
      expect(Math.abs(flagged - contamination * total)).toBeLessThanOrEqual(3 * sd);
      expect(referenceFlagged).toBeGreaterThan(0);
    },
  );
});
