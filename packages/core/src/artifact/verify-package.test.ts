import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashFile } from './hash-files.js';
import {
  computeRootDigest,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  parseManifest,
  type Manifest,
} from './manifest.js';
import { checkListedFiles, PackageVerificationError, verifyPackage } from './verify-package.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A manifest listing `entries` with their true root digest. */
const manifestOf = (entries: Manifest['files']): Manifest =>
  ({
    schema: MANIFEST_SCHEMA,
    name: 'm',
    version: '1',
    format: 'files',
    created_at: '2026-01-01T00:00:00.000Z',
    digest: computeRootDigest(entries),
    files: entries,
    lineage: {},
    tool: { name: 'ml-actions', version: 'test' },
  }) as Manifest;

async function makePackage(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-'));
  const entries = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, content]) => ({ path: p, size: Buffer.byteLength(content), sha256: sha(content) }));
  for (const [p, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await fs.writeFile(path.join(dir, p), content);
  }
  const manifest = manifestOf(entries);
  await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  return dir;
}

async function problemsOf(dir: string, expectedDigest?: string) {
  try {
    await verifyPackage(dir, { expectedDigest });
  } catch (error) {
    expect(error).toBeInstanceOf(PackageVerificationError);
    return (error as PackageVerificationError).problems;
  }
  throw new Error('verification unexpectedly passed');
}

describe('root digest', () => {
  it('is sha256 over sorted path\\0sha256\\n lines, independent of input order', () => {
    const a = { path: 'b.bin', size: 1, sha256: sha('b') };
    const b = { path: 'a/x.json', size: 1, sha256: sha('a') };
    const expected = createHash('sha256')
      .update(`a/x.json\0${sha('a')}\nb.bin\0${sha('b')}\n`)
      .digest('hex');
    expect(computeRootDigest([a, b])).toBe(`sha256:${expected}`);
    expect(computeRootDigest([b, a])).toBe(`sha256:${expected}`);
  });

  it('sorts by UTF-8 bytes, not locale (upper case before lower case)', () => {
    const files = [
      { path: 'a', size: 0, sha256: sha('') },
      { path: 'B', size: 0, sha256: sha('') },
    ];
    const upperFirst = createHash('sha256')
      .update(`B\0${sha('')}\na\0${sha('')}\n`)
      .digest('hex');
    expect(computeRootDigest(files)).toBe(`sha256:${upperFirst}`);
  });
});

describe('hashFile', () => {
  it('gives the size and the same hex digest as sha256sum would', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hash-'));
    const content = Buffer.alloc(3 * (1 << 20) + 17, 7);
    await fs.writeFile(path.join(dir, 'f'), content);
    expect(await hashFile(path.join(dir, 'f'))).toEqual({
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  });
});

describe('parseManifest', () => {
  it('refuses another schema, unsorted files and paths that escape', () => {
    const base = {
      schema: MANIFEST_SCHEMA,
      name: 'm',
      version: '1',
      format: 'files',
      created_at: 'x',
      digest: `sha256:${sha('')}`,
      lineage: {},
      tool: {},
    };
    const f = (p: string) => ({ path: p, size: 0, sha256: sha('') });
    expect(() => parseManifest({ ...base, schema: 'other@1', files: [] }, 'm.json')).toThrow(
      /schema is 'other@1'/,
    );
    expect(() => parseManifest({ ...base, files: [f('b'), f('a')] }, 'm.json')).toThrow(
      /not sorted/,
    );
    expect(() => parseManifest({ ...base, files: [f('../x')] }, 'm.json')).toThrow(/'\.\.'/);
    expect(() => parseManifest({ ...base, files: [f('/etc/passwd')] }, 'm.json')).toThrow(
      /absolute/,
    );
    expect(parseManifest({ ...base, files: [f('a'), f('b')] }, 'm.json').files).toHaveLength(2);
  });
});

describe('verifyPackage', () => {
  it('returns the manifest of an intact package', async () => {
    const dir = await makePackage({ 'model.json': '{}', 'weights/group1.bin': 'abc' });
    const manifest = await verifyPackage(dir);
    expect(manifest.files.map((f) => f.path)).toEqual(['model.json', 'weights/group1.bin']);
  });

  it('names every bad file: changed byte, wrong size, missing and unlisted', async () => {
    const dir = await makePackage({ a: 'aaaa', b: 'bbbb', c: 'cccc' });
    await fs.writeFile(path.join(dir, 'a'), 'aaab');
    await fs.writeFile(path.join(dir, 'b'), 'bbbbb');
    await fs.rm(path.join(dir, 'c'));
    await fs.writeFile(path.join(dir, 'extra.txt'), 'x');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.path, p.kind])).toEqual([
      ['a', 'hash-mismatch'],
      ['b', 'size-mismatch'],
      ['c', 'missing'],
      ['extra.txt', 'unlisted'],
    ]);
    await expect(verifyPackage(dir)).rejects.toThrow(
      /4 problems\): a: sha256 .*; b: size 5 bytes, manifest says 4; c: missing; extra.txt: not listed/,
    );
  });

  it('catches a manifest whose digest does not match its file list', async () => {
    const dir = await makePackage({ a: 'x' });
    const manifest = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    manifest.digest = `sha256:${sha('forged')}`;
    await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    expect((await problemsOf(dir)).map((p) => p.kind)).toEqual(['digest-mismatch']);
  });

  it('refuses a package whose digest is not the expected one', async () => {
    const dir = await makePackage({ a: 'x' });
    const problems = await problemsOf(dir, `sha256:${sha('other')}`);
    expect(problems[0].detail).toMatch(/expected sha256:/);
  });

  it('reports a symlink in place of a listed file', async () => {
    const dir = await makePackage({ a: 'x', b: 'x' });
    await fs.rm(path.join(dir, 'b'));
    await fs.symlink(path.join(dir, 'a'), path.join(dir, 'b'));
    expect((await problemsOf(dir)).map((p) => [p.path, p.kind])).toEqual([
      ['b', 'not-a-regular-file'],
    ]);
  });

  it('says clearly when the directory has no manifest', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-'));
    await expect(verifyPackage(dir)).rejects.toThrow(
      /is not a model package: it has no ml-manifest.json/,
    );
  });
});

describe('checkListedFiles (files measured wherever they are stored)', () => {
  const files = { 'a.bin': 'alpha', 'w/b.bin': 'beta', 'w/c.bin': 'gamma' };
  const entries = Object.entries(files).map(([p, content]) => ({
    path: p,
    size: Buffer.byteLength(content),
    sha256: sha(content),
  }));
  const manifest = manifestOf(entries);
  const measureFrom = (stored: Record<string, string>) => async (p: string) =>
    p in stored ? { size: Buffer.byteLength(stored[p]), sha256: sha(stored[p]) } : undefined;

  it('finds nothing wrong when every listed file matches', async () => {
    expect(await checkListedFiles(manifest, measureFrom(files))).toEqual([]);
  });

  it('names missing, resized and changed files in path order, then a forged digest', async () => {
    const problems = await checkListedFiles(
      { ...manifest, digest: `sha256:${'0'.repeat(64)}` },
      measureFrom({ 'w/c.bin': 'GAMMA', 'a.bin': 'alphabet' }),
    );
    expect(problems.map((p) => [p.path, p.kind])).toEqual([
      ['a.bin', 'size-mismatch'],
      ['w/b.bin', 'missing'],
      ['w/c.bin', 'hash-mismatch'],
      ['ml-manifest.json', 'digest-mismatch'],
    ]);
    expect(problems[3].detail).toMatch(/^manifest digest does not match its files/);
  });

  it('checks the digest an alias would record', async () => {
    const problems = await checkListedFiles(manifest, measureFrom(files), {
      expectedDigest: `sha256:${'1'.repeat(64)}`,
    });
    expect(problems.map((p) => p.kind)).toEqual(['digest-mismatch']);
  });
});
