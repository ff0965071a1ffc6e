import { seededRandom } from './random.js';
import {
  distributionBuffers,
  revivedDistribution,
  ScaledIntegerColumn,
  ScaledIntegerDistribution,
} from './scaled-integers.js';
import { sortInt32InPlace } from './column-distribution.js';

function collect(numbers: number[]) {
  const column = new ScaledIntegerColumn();
  column.reserve(numbers.length);
  const stop = column.append(Float64Array.from(numbers), 0, numbers.length);
  const decoded = new Float64Array(column.length);
  expect(column.decodeInto(decoded, 0)).toBe(column.length);
  return { column, stop, decoded: [...decoded] };
}

describe('ScaledIntegerColumn', () => {
  it('gives back, bit for bit, every number parsed from text with up to nine decimals', () => {
    const random = seededRandom(3);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const decimals = Math.floor(random() * 10);
      const magnitude = 2 / 10 ** Math.floor(random() * 3);
      texts.push(((random() - 0.5) * magnitude).toFixed(decimals));
    }
    const numbers = texts.map(Number);
    const { column, stop, decoded } = collect(numbers);
    expect(stop).toBe(numbers.length);
    expect(column.scale).toBe(9);
    expect(decoded.map((v, i) => Object.is(v, numbers[i]) || v === numbers[i])).not.toContain(
      false,
    );
  });

  it('decodes a range into a buffer as far as it holds', () => {
    const { column } = collect([1, 2, 3, 4, 5]);
    const out = new Float64Array(2);
    expect([column.decodeInto(out, 0), ...out]).toEqual([2, 1, 2]);
    expect([column.decodeInto(out, 4), out[0]]).toEqual([1, 5]);
    expect(column.decodeInto(out, 5)).toBe(0);
  });

  it('moves to a larger scale when a value needs it, rescaling what is stored', () => {
    const { column, decoded } = collect([1, 2.5, NaN, 3.25, -0.125, 7]);
    expect(column.scale).toBe(3);
    expect([...column.integers.subarray(0, column.length)]).toEqual([1000, 2500, 3250, -125, 7000]);
    expect(column.missing).toBe(1);
    expect(decoded).toEqual([1, 2.5, 3.25, -0.125, 7]);
  });

  it.each([
    ['a sum with binary noise', 0.1 + 0.2],
    ['more than nine decimals', 1e-12],
    ['more than 32 bits', 3e9],
    ['an infinity', Infinity],
  ])('stops at a value it cannot hold exactly (%s), keeping what came before', (_, odd) => {
    const { column, stop, decoded } = collect([1.5, NaN, 2, odd, 4]);
    expect(stop).toBe(3);
    expect(decoded).toEqual([1.5, 2]);
    expect(column.missing).toBe(1);
  });

  it('stops when a larger scale would overflow what is stored', () => {
    const { column, stop } = collect([3e6, -2e6, 0.001]);
    expect(stop).toBe(2);
    expect(column.scale).toBe(0);
  });
});

describe('sortInt32InPlace', () => {
  it.each([100, 5_000, 70_000])('sorts %i integers as a numeric sort does', (n) => {
    const random = seededRandom(n);
    const values = Int32Array.from({ length: n }, (_, i) =>
      i % 7 === 0
        ? [2 ** 31 - 1, -(2 ** 31 - 1), 0, -1][i % 4]
        : Math.floor((random() - 0.5) * 2 ** 32),
    );
    const expected = [...values].sort((a, b) => a - b);
    expect([...sortInt32InPlace(values, new Uint32Array(n))]).toEqual(expected);
  });

  it('sorts values sharing their high digit (a skipped pass)', () => {
    const values = Int32Array.from({ length: 1000 }, (_, i) => (i * 7919) % 60_000);
    const expected = [...values].sort((a, b) => a - b);
    expect([...sortInt32InPlace(values, new Uint32Array(1000))]).toEqual(expected);
  });
});

describe('ScaledIntegerDistribution', () => {
  const of = (integers: number[], scale: number) =>
    ScaledIntegerDistribution.of(Int32Array.from(integers), scale);

  it('has the moments and values of its decoded doubles', () => {
    const d = of([-125, 1000, 2500, 3250], 3);
    expect([...d.values]).toEqual([-0.125, 1, 2.5, 3.25]);
    expect(d.mean).toBeCloseTo(6.625 / 4, 15);
    expect(d.count).toBe(4);
  });

  it('reuses a released buffer only for another column, never one still in use', () => {
    const a = of([1, 2, 3], 0);
    const b = of([10, 20, 30], 1);
    const c = of([4, 5, 6], 0);
    const aValues = a.values;
    const bValues = b.values;
    a.release();
    expect([...c.values]).toEqual([4, 5, 6]);
    expect(c.values.buffer).toBe(aValues.buffer);
    expect([...bValues]).toEqual([1, 2, 3]);
    expect([...a.values]).toEqual([1, 2, 3]);
    a.release();
    b.release();
    c.release();
  });

  it('crosses threads as its integers and comes back as itself', () => {
    const d = of([5, 15, 25], 1);
    const buffers = distributionBuffers(d);
    expect(buffers).toEqual([d.integers.buffer]);
    const copy = revivedDistribution(structuredClone(d, { transfer: buffers }));
    expect(copy).toBeInstanceOf(ScaledIntegerDistribution);
    expect([...(copy as ScaledIntegerDistribution).values]).toEqual([0.5, 1.5, 2.5]);
    expect(copy).toMatchObject({ mean: 1.5, count: 3, scale: 1 });
  });
});
