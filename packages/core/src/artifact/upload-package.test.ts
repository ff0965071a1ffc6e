import { createCipheriv } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashFiles } from './hash-files.js';
import { chooseCompressionLevel, uploadPackage } from './upload-package.js';
import { MANIFEST_SCHEMA, type Manifest } from './manifest.js';

async function dirWith(files: Record<string, Buffer | string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upload-'));
  for (const [name, content] of Object.entries(files))
    await fs.writeFile(path.join(dir, name), content);
  return { dir, files: await hashFiles(dir, Object.keys(files)) };
}

const noise = (size: number) =>
  createCipheriv('aes-256-ctr', Buffer.alloc(32, 1), Buffer.alloc(16)).update(Buffer.alloc(size));

describe('chooseCompressionLevel', () => {
  it('stores high-entropy weights uncompressed', async () => {
    const { dir, files } = await dirWith({
      'model.json': '{"a":1}',
      'weights.bin': noise(1 << 20),
    });
    expect(await chooseCompressionLevel(dir, files)).toBe(0);
  });

  it('compresses text-like packages', async () => {
    const { dir, files } = await dirWith({
      'vocab.txt': 'the quick brown fox\n'.repeat(50_000),
      'weights.bin': noise(64 * 1024),
    });
    expect(await chooseCompressionLevel(dir, files)).toBe(6);
  });
});

describe('uploadPackage', () => {
  it('says how to build without uploading when the artifact service is not there', async () => {
    const saved = { ...process.env };
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      const { dir, files } = await dirWith({ a: 'a' });
      const manifest: Manifest = {
        schema: MANIFEST_SCHEMA,
        name: 'm',
        version: '1',
        format: 'files',
        created_at: '',
        digest: '',
        files,
        lineage: {},
        tool: { name: 't', version: '0' },
      };
      await expect(uploadPackage(dir, manifest, 'm-1')).rejects.toThrow(
        /Input 'upload': .* set upload: false to only build the package/,
      );
    } finally {
      process.env = saved;
    }
  });
});
