import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { computeDrift } from '../stats/compute-drift.js';
import { mergeProfiles } from '../stats/profile/dataset-profile.js';
import { schemaTypes } from './read-dataset-summary.js';
import { isProfileFile, profileDataset, readDriftSide } from './read-profile.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'profile-'));
const weather = path.resolve('node_modules/vega-datasets/data/seattle-weather.csv');
const shards = path.resolve('test/fixtures/data/shards');

describe('profiles of files', () => {
  it('profiles a CSV, and a profile file stands in for the reference data', async () => {
    const { profile, schema } = await profileDataset(weather, { excludeColumns: ['date'] });
    expect(profile.rows).toBe(1461);
    const file = path.join(tmp, 'reference.profile.json');
    writeFileSync(file, JSON.stringify(profile));
    expect(await isProfileFile(file)).toBe(true);
    expect(await isProfileFile(weather)).toBe(false);

    const fromProfile = await readDriftSide(file, { columns: ['temp_max', 'weather'] });
    expect(fromProfile.profile).toBeDefined();
    expect(fromProfile.summary.source).toBe('profile');
    const current = await readDriftSide(weather, {
      columns: ['temp_max', 'weather'],
      types: schemaTypes(schema),
    });
    const r = computeDrift(fromProfile.summary, current.summary);
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
  });

  it('names the input when a profile file is not valid', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"schema": "ml-actions/profile@1", "rows": "many"}');
    await expect(readDriftSide(bad, { input: 'reference' })).rejects.toThrow(
      /Input 'reference': the profile lacks "rows" or "columns"/,
    );
  });
});
