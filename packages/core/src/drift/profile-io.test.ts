import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { craftedProfile } from '../../../../test/fixtures/stats/crafted-profile.js';
import { isProfileFile } from '../data/profile-file.js';
import { schemaTypes } from '../data/table-types.js';
import { computeDrift } from '../stats/compute-drift.js';
import { mergeProfiles, profileToSummary } from '../stats/profile/dataset-profile.js';
import { PROFILE_BOUNDS } from '../stats/profile/profile-schema.js';
import { profileDataset, readProfileFile, readProfiles } from './profile-io.js';
import {
  loadReferenceProfile,
  PROFILE_SUMMARY_COLUMNS,
  writeReferenceProfile,
} from './profile-run.js';
import { readDatasetSummary } from './read-dataset-summary.js';
import { resolveReferenceSource } from './reference-source.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'profile-'));
const weather = path.resolve('node_modules/vega-datasets/data/seattle-weather.csv');
const shards = path.resolve('test/fixtures/data/shards');

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('profiles of files', () => {
  it('profiles a CSV, and a profile file stands in for the reference data (the shipped path)', async () => {
    const { profile, schema } = await profileDataset(weather, { excludeColumns: ['date'] });
    expect(profile.rows).toBe(1461);
    const file = writeJson('reference.profile.json', profile);
    expect(await isProfileFile(file)).toBe(true);
    expect(await isProfileFile(weather)).toBe(false);

    const source = await resolveReferenceSource('reference', [file]);
    expect(source.kind).toBe('profile');
    const reference = await loadReferenceProfile(source.files);
    expect(reference.summary.source).toBe('profile');
    expect(reference.schema).toEqual(schema);
    const current = await readDatasetSummary(weather, {
      columns: ['temp_max', 'weather'],
      types: schemaTypes(schema),
    });
    const r = computeDrift(reference.summary, current.summary, {
      columns: ['temp_max', 'weather'],
    });
    // Same data on both sides: nothing drifts; 1461 values fit the sketch (k = 2048): exact.
    expect(r.columns.map((c) => [c.name, c.method, c.statistic, c.drifted, c.exact])).toEqual([
      ['temp_max', 'wasserstein', 0, false, true],
      ['weather', 'jensenshannon', 0, false, true],
    ]);
  });

  it('merges shard profiles into the profile of the whole dataset', async () => {
    const parts = await Promise.all(
      ['part-1.csv', 'part-2.csv', 'part-3.csv'].map((f) => profileDataset(path.join(shards, f))),
    );
    const whole = await profileDataset(path.join(shards, '*.csv'));
    const merged = mergeProfiles(parts.map((p) => p.profile));
    expect(merged).toEqual(whole.profile);
    const files = parts.map((p, i) => ({ path: writeJson(`part-${i}.json`, p.profile) }));
    const fromFiles = await readProfiles(files as never, 'reference');
    expect(fromFiles).toEqual(whole.profile);
  });

  it('names the input and the file when a profile file is not valid', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"schema": "ml-actions/profile@1", "rows": "many", "columns": []}');
    await expect(readProfileFile(bad, { input: 'reference' })).rejects.toThrow(
      /^Input 'reference': profile '.*bad\.json': the profile's "rows" must be a whole number >= 0, got "many"\.$/,
    );
  });
});

describe('writeReferenceProfile (mode: profile)', () => {
  const options = {
    columns: [],
    excludeColumns: ['date'],
    categoricalColumns: [],
    numericColumns: [],
  };

  it('writes profile.json and a summary; merges profile files given as the reference', async () => {
    const dir = path.join(tmp, 'out-1');
    const written = await writeReferenceProfile({ ...options, reference: [weather] }, dir);
    expect(written.path).toBe(path.join(dir, 'profile.json'));
    const profile = JSON.parse(readFileSync(written.path, 'utf8'));
    expect(profile).toMatchObject({ schema: 'ml-actions/profile@1', rows: 1461 });
    expect(written.summary).toContain('## Profile of 1,461 rows × 5 columns');
    expect(written.summary).toContain('Profiled from 1 file');

    const again = await writeReferenceProfile(
      { ...options, excludeColumns: [], reference: [written.path] },
      path.join(tmp, 'out-2'),
    );
    expect(JSON.parse(readFileSync(again.path, 'utf8'))).toEqual(profile);
    expect(again.summary).toContain('Merged from 1 profiles');
  });

  it('caps the summary table of a wide profile with a note', async () => {
    const width = PROFILE_SUMMARY_COLUMNS + 5;
    const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: width }, (_, i) => i).join(',');
    const file = path.join(tmp, 'wide.csv');
    writeFileSync(file, `${header}\n${row}\n${row}\n`);
    const written = await writeReferenceProfile(
      { ...options, excludeColumns: [], reference: [file] },
      path.join(tmp, 'out-3'),
    );
    expect(written.summary).toContain(
      `_${PROFILE_SUMMARY_COLUMNS} of ${width} columns shown; all are in profile.json._`,
    );
    expect(written.summary.split('\n').filter((l) => l.startsWith('| c'))).toHaveLength(
      PROFILE_SUMMARY_COLUMNS,
    );
  });
});

describe('profile schema and bounds (issue 17 #4)', () => {
  async function refused(name: string, value: unknown): Promise<string> {
    const file = writeJson(name, value);
    const started = Date.now();
    const error = await readProfileFile(file, { input: 'reference' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error?.name).toBe('UserError');
    expect(error?.message).toContain(`profile '`);
    expect(error?.message).toContain(name);
    return error!.message;
  }

  it('refuses the crafted profiles quickly with one error naming the file', async () => {
    // 30 and 40 levels whose weights do not add up to n.
    const thirty = craftedProfile(30);
    thirty.columns[0].numeric.quantiles.n = 5;
    expect(await refused('levels-30.json', thirty)).toMatch(/quantiles.levels hold a weight of/);
    const forty = craftedProfile(40);
    Object.assign(forty, { rows: 1000 });
    Object.assign(forty.columns[0], { count: 1000 });
    forty.columns[0].numeric.quantiles.n = 1000;
    expect(await refused('levels-40.json', forty)).toMatch(/quantiles.levels hold a weight of/);
    const hugeK = craftedProfile(3);
    (hugeK.columns[0].numeric.quantiles as { k: number }).k = 1e12;
    expect(await refused('k.json', hugeK)).toMatch(/quantiles.k must be an even whole number/);
    expect(await refused('rows.json', { ...craftedProfile(3), rows: -5 })).toMatch(
      /"rows" must be a whole number >= 0, got -5/,
    );
    expect(await refused('mean.json', craftedProfile(3, { numeric: { mean: 'big' } }))).toMatch(
      /numeric.mean must be a finite number, got "big"/,
    );
    const nan = craftedProfile(3);
    nan.columns[0].numeric.quantiles.levels[1] = ['NaN' as never];
    expect(await refused('item.json', nan)).toMatch(/must be a finite number/);
  });

  it('accepts a profile at the bounds, and drift against it stays fast', async () => {
    // 53 levels of one item: n = 2^53 - 1, the largest exact count.
    const atBound = craftedProfile(PROFILE_BOUNDS.maxLevels);
    const file = writeJson('bound.json', atBound);
    const started = Date.now();
    const profile = await readProfileFile(file, { input: 'reference' });
    const summary = profileToSummary(profile);
    const current = profileToSummary(await readProfileFile(file));
    const result = computeDrift(summary, current, { method: 'ks' });
    expect(result.columns[0].statistic).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    // One level more, or k one step above its bound, is refused.
    await refused('over.json', craftedProfile(PROFILE_BOUNDS.maxLevels + 1));
    const bigK = craftedProfile(2);
    (bigK.columns[0].numeric.quantiles as { k: number }).k = PROFILE_BOUNDS.maxSketchK + 2;
    await refused('big-k.json', bigK);
    const maxK = craftedProfile(2);
    (maxK.columns[0].numeric.quantiles as { k: number }).k = PROFILE_BOUNDS.maxSketchK;
    await expect(readProfileFile(writeJson('max-k.json', maxK))).resolves.toBeDefined();
  });

  it('merges profiles at the bound in polynomial time', async () => {
    const a = await readProfileFile(writeJson('m1.json', craftedProfile(20)));
    const started = Date.now();
    const merged = mergeProfiles([a, a, a, a]);
    expect(merged.rows).toBe(4 * (2 ** 20 - 1));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
