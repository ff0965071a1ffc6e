import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashFiles } from '@ml-actions/core/artifact/hash-files.js';
import {
  computeRootDigest,
  MANIFEST_SCHEMA,
  sortFiles,
  writeManifest,
  type Manifest,
} from '@ml-actions/core/artifact/manifest.js';

export interface TestPackage {
  dir: string;
  manifest: Manifest;
}

/** Writes a small model package (files + ml-manifest.json) the way build-artifact lays it out. */
export async function buildTestPackage(
  name: string,
  version: string,
  files: Record<string, string | Buffer> = {
    'model.json': `{"model":"${name}","version":"${version}"}`,
  },
  parent?: string,
): Promise<TestPackage> {
  const dir = await fs.mkdtemp(path.join(parent ?? os.tmpdir(), `pkg-${name}-${version}-`));
  for (const [p, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await fs.writeFile(path.join(dir, p), content);
  }
  const entries = sortFiles(await hashFiles(dir, Object.keys(files)));
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    name,
    version,
    format: 'files',
    created_at: new Date().toISOString(),
    digest: computeRootDigest(entries),
    files: entries,
    lineage: {},
    tool: { name: 'ml-actions', version: 'test' },
  };
  await writeManifest(dir, manifest);
  return { dir, manifest };
}
