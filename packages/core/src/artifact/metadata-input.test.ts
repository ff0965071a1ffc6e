import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMetadataInput } from './metadata-input.js';

describe('readMetadataInput', () => {
  const saved = process.env.GITHUB_WORKSPACE;
  let workspace: string;

  beforeEach(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'metadata-'));
    process.env.GITHUB_WORKSPACE = workspace;
  });
  afterEach(() => {
    process.env.GITHUB_WORKSPACE = saved;
  });

  it('reads inline YAML, inline JSON and a file named by a relative path', async () => {
    expect(await readMetadataInput('metadata', 'owner: risk\nlayers: 3')).toEqual({
      owner: 'risk',
      layers: 3,
    });
    expect(await readMetadataInput('metadata', '{"owner": "risk"}')).toEqual({ owner: 'risk' });
    await fs.writeFile(path.join(workspace, 'meta.yml'), 'dataset: churn-2026\n');
    expect(await readMetadataInput('metadata', 'meta.yml')).toEqual({ dataset: 'churn-2026' });
  });

  it('names the input for a missing file, bad YAML and a value that is not a mapping', async () => {
    await expect(readMetadataInput('metadata', 'missing.yaml')).rejects.toThrow(
      /Input 'metadata': file 'missing.yaml' does not exist/,
    );
    await expect(readMetadataInput('metadata', 'a: [1, 2')).rejects.toThrow(
      /Input 'metadata': inline value is not valid YAML or JSON/,
    );
    await expect(readMetadataInput('metadata', '- a\n- b')).rejects.toThrow(
      /Input 'metadata': inline value must be a mapping/,
    );
  });
});
