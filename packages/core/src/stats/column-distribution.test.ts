import { seededRandom } from './random.js';
import { meanAndStd, sortFloat64 } from './column-distribution.js';
import { quantileSorted } from './quantiles.js';

describe('numeric helpers', () => {
  // Both radix variants (8-bit digits below 32,768 values, 16-bit above) and the short path.
  it.each([100, 8_192, 50_000])(
    'radix-sorts %d doubles exactly as a comparison sort does (negatives, -0, ties, extremes)',
    (length) => {
      const random = seededRandom(5);
      const values = Float64Array.from({ length }, (_, i) => {
        const kind = i % 6;
        if (kind === 0) return (random() - 0.5) * 1e-300;
        if (kind === 1) return Math.floor(random() * 10) - 5;
        if (kind === 2) return (random() - 0.5) * 1e300;
        if (kind === 3) return i % 12 === 3 ? -0 : 0;
        return (random() - 0.5) * 1000;
      });
      const copy = values.slice();
      const sorted = sortFloat64(values);
      expect(values).toEqual(copy);
      expect(Array.from(sorted).map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(
        Array.from(values.slice().sort()).map((x) => (Object.is(x, -0) ? '-0' : x)),
      );
    },
  );

  it.each([10_000, 40_000])('sorts %d values that all share their high bits', (length) => {
    const values = Float64Array.from({ length }, (_, i) => 1 + i * 2 ** -40);
    expect(sortFloat64(values.slice().reverse())).toEqual(values);
  });

  it("computes numpy's linear quantiles and population std", () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect([
      quantileSorted(s, 0),
      quantileSorted(s, 0.5),
      quantileSorted(s, 1 / 3),
      quantileSorted(s, 1),
    ]).toEqual([1, 2.5, 2, 4]);
    expect(meanAndStd(s)).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});
