import { seededRandom } from '../random.js';
import type { ColumnSchema, RowBatch } from '../../data/table-types.js';
import {
  HIGH_CARDINALITY,
  MIN_ITEM_COUNT,
  mergeProfiles,
  parseProfile,
  ProfileBuilder,
  type DatasetProfile,
} from './dataset-profile.js';
import { DistinctCount, distinctCountError } from './distinct-count.js';

/**
 * Profiles never carry raw identifiers and stay bounded: ID-like columns are left out with a
 * note, high-cardinality categorical columns keep frequent items above a minimum count and a
 * distinct-count sketch, and the size stops growing with the row count past the sketch sizes.
 */

const SCHEMA: ColumnSchema[] = [
  { name: 'id', type: 'numeric' },
  { name: 'patient', type: 'categorical' },
  { name: 'radius', type: 'numeric' },
  { name: 'texture', type: 'numeric' },
  { name: 'site', type: 'categorical' },
  { name: 'city', type: 'categorical' },
];

/** Rows like a hospital extract: two identifiers, two measurements, a small and a large category. */
function batch(seed: number, rows: number, offset = 0): RowBatch {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const ids = Float64Array.from({ length: rows }, (_, i) => 842_302 + 7 * (offset + i));
  return {
    offset,
    length: rows,
    columns: [
      { name: 'id', type: 'numeric', numbers: ids },
      {
        name: 'patient',
        type: 'categorical',
        strings: Array.from({ length: rows }, (_, i) => `P-${(offset + i) * 7919}`),
      },
      {
        name: 'radius',
        type: 'numeric',
        numbers: Float64Array.from({ length: rows }, () => 14 + 3.5 * normal()),
      },
      {
        name: 'texture',
        type: 'numeric',
        numbers: Float64Array.from({ length: rows }, () => 19 + 4 * normal()),
      },
      {
        name: 'site',
        type: 'categorical',
        strings: Array.from(
          { length: rows },
          () => ['north', 'south', 'east'][Math.floor(random() * 3)],
        ),
      },
      {
        // Zipf-like over 20,000 towns: a few frequent ones and a long tail seen once or twice
        name: 'city',
        type: 'categorical',
        strings: Array.from({ length: rows }, () => `town-${Math.floor(1 / (random() + 0.00005))}`),
      },
    ],
  };
}

function profile(rows: number, seed = 1): DatasetProfile {
  const builder = new ProfileBuilder(SCHEMA);
  for (let offset = 0; offset < rows; offset += 10_000) {
    builder.add(batch(seed + offset, Math.min(10_000, rows - offset), offset));
  }
  return builder.finish();
}

describe('profile sketches', () => {
  it('leaves ID-like columns out with a note: 398 rows give a small profile holding none of the IDs', () => {
    const p = profile(398);
    const text = JSON.stringify(p);
    expect(p.columns.map((c) => c.name)).toEqual(['radius', 'texture', 'site', 'city']);
    expect(p.excluded_columns).toEqual([
      { name: 'id', reason: expect.stringMatching(/^ID-like/) },
      { name: 'patient', reason: expect.stringMatching(/^ID-like/) },
    ]);
    const b = batch(1, 398);
    const ids = (b.columns[0] as { numbers: Float64Array }).numbers;
    const patients = (b.columns[1] as { strings: string[] }).strings;
    // as a JSON number of its own (not the digits inside another number)
    expect([...ids].filter((id) => new RegExp(`(?<![\\d.])${id}(?![\\d.])`).test(text))).toEqual(
      [],
    );
    expect(patients.filter((id) => text.includes(`"${id}"`))).toEqual([]);
    expect(text.length).toBeLessThan(40_000);
    expect(parseProfile(JSON.parse(text))).toEqual(p);
  });

  it('keeps a high-cardinality column as frequent items above a minimum count and a distinct count', () => {
    const p = profile(50_000);
    const city = p.columns.find((c) => c.name === 'city')!.categories!;
    const b = batch(1, 10_000);
    const truth = new Set((b.columns[5] as { strings: string[] }).strings);
    expect(truth.size).toBeGreaterThan(HIGH_CARDINALITY);
    expect(city.min_count).toBe(MIN_ITEM_COUNT);
    expect(city.items.every(([, c]) => c >= MIN_ITEM_COUNT)).toBe(true);
    expect(city.items.length).toBeLessThanOrEqual(city.capacity);
    expect(city.distinct).toMatchObject({ method: 'hll', p: 11 });
    // the small categorical column stays exact
    const site = p.columns.find((c) => c.name === 'site')!.categories!;
    expect(site).toMatchObject({ undercount: 0 });
    expect(site.min_count).toBeUndefined();
    expect(site.items.reduce((s, [, c]) => s + c, 0)).toBe(50_000);
  });

  it('estimates distinct counts within 3 standard errors and merges sketches exactly', () => {
    const whole = new DistinctCount();
    const a = new DistinctCount();
    const b = new DistinctCount();
    for (let i = 0; i < 30_000; i++) {
      const v = `value-${i % 25_000}`;
      whole.add(v);
      (i < 15_000 ? a : b).add(v);
    }
    expect(Math.abs(whole.estimate() / 25_000 - 1)).toBeLessThan(3 * distinctCountError(11));
    a.merge(b);
    expect(a.registers).toEqual(whole.registers);
    const small = new DistinctCount();
    for (let i = 0; i < 300; i++) small.add(`x${i}`);
    expect(Math.abs(small.estimate() - 300)).toBeLessThan(6);
  });

  it('does not grow with the row count past the sketch sizes: 10k and 100k rows give about the same size', () => {
    const small = JSON.stringify(profile(10_000)).length;
    const large = JSON.stringify(profile(100_000)).length;
    expect(large / small).toBeLessThan(1.5);
    expect(large / small).toBeGreaterThan(0.67);
  });

  it('merges shard profiles: counts, missing and min/max exactly; the exclusion note kept', () => {
    const a = new ProfileBuilder(SCHEMA);
    a.add(batch(1, 5_000, 0));
    const b = new ProfileBuilder(SCHEMA);
    b.add(batch(2, 5_000, 5_000));
    const pa = a.finish();
    const pb = b.finish();
    const merged = mergeProfiles([pa, pb]);
    expect(merged.rows).toBe(10_000);
    expect(merged.excluded_columns?.map((e) => e.name)).toEqual(['id', 'patient']);
    for (const c of merged.columns) {
      const [x, y] = [pa, pb].map((p) => p.columns.find((d) => d.name === c.name)!);
      expect(c.count).toBe(x.count + y.count);
      expect(c.missing).toBe(x.missing + y.missing);
      if (c.numeric) {
        expect(c.numeric.min).toBe(Math.min(x.numeric!.min, y.numeric!.min));
        expect(c.numeric.max).toBe(Math.max(x.numeric!.max, y.numeric!.max));
      }
    }
    const site = merged.columns.find((c) => c.name === 'site')!.categories!;
    const siteCounts = (p: DatasetProfile) =>
      new Map(p.columns.find((c) => c.name === 'site')!.categories!.items);
    for (const [k, v] of site.items)
      expect(v).toBe(siteCounts(pa).get(k)! + siteCounts(pb).get(k)!);
    // merged distinct sketch = register-wise max of the shards'
    const city = (p: DatasetProfile) => p.columns.find((c) => c.name === 'city')!.categories!;
    const da = DistinctCount.fromJSON(city(pa).distinct!);
    da.merge(DistinctCount.fromJSON(city(pb).distinct!));
    expect(DistinctCount.fromJSON(city(merged).distinct!).registers).toEqual(da.registers);
    expect(parseProfile(JSON.parse(JSON.stringify(merged)))).toBeTruthy();
  });

  it('refuses a sketch outside its bounds', () => {
    const p = JSON.parse(JSON.stringify(profile(20_000))) as DatasetProfile;
    const city = p.columns.find((c) => c.name === 'city')!.categories!;
    city.items.push(['rare-town', 1]);
    expect(() => parseProfile(p)).toThrow(/fewer than min_count/);
    city.items.pop();
    city.distinct!.registers = city.distinct!.registers.slice(4);
    expect(() => parseProfile(p)).toThrow(/registers/);
  });
});
