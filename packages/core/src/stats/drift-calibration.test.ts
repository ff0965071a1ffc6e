import { seededRandom } from './random.js';
import { categoricalDistribution, numericDistribution } from './column-distribution.js';
import { computeDrift, type ColumnSummary } from './compute-drift.js';

/**
 * A/A: reference and current drawn from one distribution, many seeds. A test at threshold α may
 * raise a false alarm in at most a share α of the runs; we allow the binomial sampling error on
 * top (mean + 3 standard deviations of Binomial(runs, α)).
 */
const RUNS = 300;
const ALPHA = 0.05;
const allowed = Math.floor(RUNS * ALPHA + 3 * Math.sqrt(RUNS * ALPHA * (1 - ALPHA)));

function sampler(seed: number) {
  const random = seededRandom(seed);
  const normal = (mean: number) =>
    mean + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const category = (weights: number[]) => {
    let u = random();
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return `c${i}`;
    return `c${weights.length - 1}`;
  };
  return {
    numeric: (name: string, n: number, mean = 0): ColumnSummary => ({
      name,
      type: 'numeric',
      missing: 0,
      distribution: numericDistribution(Array.from({ length: n }, () => normal(mean))),
    }),
    categorical: (name: string, n: number, weights: number[]): ColumnSummary => ({
      name,
      type: 'categorical',
      missing: 0,
      distribution: categoricalDistribution(Array.from({ length: n }, () => category(weights))),
    }),
  };
}

function falseAlarms(
  sizes: [number, number],
  method?: 'chisquare',
  runs = RUNS,
): Record<string, number> {
  const alarms: Record<string, number> = {};
  for (let seed = 1; seed <= runs; seed++) {
    const s = sampler(seed);
    const side = (n: number) => ({
      rows: n,
      source: 'data' as const,
      columns: [
        s.numeric('x', n),
        s.categorical('cat', n, [0.5, 0.3, 0.2]),
        s.categorical('bin', n, [0.6, 0.4]),
      ],
    });
    for (const c of computeDrift(side(sizes[0]), side(sizes[1]), { method: method ?? 'auto' })
      .columns) {
      const key = `${c.name}:${c.method}`;
      alarms[key] = (alarms[key] ?? 0) + Number(c.drifted);
    }
  }
  return alarms;
}

describe('drift calibration', () => {
  it(`A/A with small samples: ks and z alarm in at most ${ALPHA * 100}% of ${RUNS} runs (+ binomial error)`, () => {
    const alarms = falseAlarms([300, 200]);
    expect(Object.keys(alarms).sort()).toEqual(['bin:z', 'cat:chisquare', 'x:ks']);
    expect([alarms['x:ks'] <= allowed, alarms['bin:z'] <= allowed]).toEqual([true, true]);
  });

  // chisquare is the two-sample test of homogeneity: both windows are samples, so it keeps its
  // promise whatever the sizes, including similar ones (where a goodness-of-fit test against the
  // reference shares alarmed in about 17% of the runs).
  it('A/A: chisquare keeps its promise when the reference is much larger than the current data', () => {
    const alarms = falseAlarms([1000, 50], 'chisquare');
    expect(alarms['cat:chisquare']).toBeLessThanOrEqual(allowed);
  });

  it(`A/A at equal sizes: chisquare alarms in ${ALPHA * 100}% of ${RUNS} runs within 3 standard errors`, () => {
    const alarms = falseAlarms([300, 300], 'chisquare');
    const expected = RUNS * ALPHA;
    const sd = Math.sqrt(RUNS * ALPHA * (1 - ALPHA));
    // every column is tested by chisquare here: the 3-category, the binary and the numeric one by value
    expect(Math.abs(alarms['cat:chisquare'] - expected)).toBeLessThanOrEqual(3 * sd);
    expect(Math.abs(alarms['bin:chisquare'] - expected)).toBeLessThanOrEqual(3 * sd);
  });

  it('A/A with similar sizes (300 vs 200): auto picks chisquare and it stays within its threshold', () => {
    const alarms = falseAlarms([300, 200]);
    const sd = Math.sqrt(RUNS * ALPHA * (1 - ALPHA));
    expect(Math.abs(alarms['cat:chisquare'] - RUNS * ALPHA)).toBeLessThanOrEqual(3 * sd);
  });

  it('A/A with large samples: wasserstein and jensenshannon stay below their 0.1 thresholds', () => {
    const alarms = falseAlarms([3000, 2000], undefined, 100);
    expect(alarms).toEqual({ 'x:wasserstein': 0, 'cat:jensenshannon': 0, 'bin:jensenshannon': 0 });
  });

  it('flags a shifted sample with every method auto picks', () => {
    const s = sampler(99);
    for (const n of [300, 3000]) {
      const ref = {
        rows: n,
        source: 'data' as const,
        columns: [s.numeric('x', n), s.categorical('cat', n, [0.5, 0.3, 0.2])],
      };
      const cur = {
        rows: n,
        source: 'data' as const,
        columns: [s.numeric('x', n, 0.5), s.categorical('cat', n, [0.2, 0.3, 0.5])],
      };
      const r = computeDrift(ref, cur);
      expect(r.columns.map((c) => c.drifted)).toEqual([true, true]);
      expect(r.dataset_drift).toBe(true);
    }
  });
});
