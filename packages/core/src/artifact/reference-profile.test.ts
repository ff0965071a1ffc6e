import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileReferenceData } from './reference-profile.js';

const PEOPLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/data/people.csv',
);

describe('profileReferenceData', () => {
  const saved = process.env.GITHUB_WORKSPACE;
  afterEach(() => {
    process.env.GITHUB_WORKSPACE = saved;
  });

  it('profiles data files and takes an existing profile JSON as it is', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'reference-'));
    process.env.GITHUB_WORKSPACE = workspace;
    await fs.copyFile(PEOPLE, path.join(workspace, 'train.csv'));
    const profile = await profileReferenceData('train.csv');
    expect(profile).toMatchObject({ schema: 'ml-actions/profile@1', rows: 5 });
    expect(profile.columns.map((c) => c.name)).toContain('income');

    await fs.writeFile(path.join(workspace, 'profile.json'), JSON.stringify(profile));
    expect(await profileReferenceData('profile.json')).toEqual(profile);
    expect(await profileReferenceData('train.csv')).toEqual(profile);
  });
});
