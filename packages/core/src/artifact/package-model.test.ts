import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinyOnnxModel } from '../../../../test/fixtures/artifact/onnx-encoder.js';
import { MANIFEST_FILE } from './manifest.js';
import { lineageFromEnv, packageModel, type PackageModelOptions } from './package-model.js';
import { verifyPackage } from './verify-package.js';

const FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/artifact/tfjs-layers',
);

let workspace: string;

beforeEach(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'package-model-'));
  await fs.cp(FIXTURE, path.join(workspace, 'model'), { recursive: true });
});

function options(overrides: Partial<PackageModelOptions> = {}): PackageModelOptions {
  return {
    modelPath: path.join(workspace, 'model'),
    name: 'tiny',
    version: '1.0.0',
    format: 'auto',
    outputDir: path.join(workspace, 'out'),
    workspace,
    ...overrides,
  };
}

describe('packageModel', () => {
  it('packages a TF.js model with its signature, verifiable, hashes equal to sha256sum', async () => {
    const pkg = await packageModel(options({ lineage: { commit: 'abc' } }));
    expect(pkg.manifest.format).toBe('tfjs-layers');
    expect(pkg.manifest.signature?.inputs[0]).toEqual({
      name: 'dense',
      dtype: 'float32',
      shape: [null, 4],
    });
    expect(pkg.manifest.files.map((f) => f.path)).toEqual(['group1-shard1of1.bin', 'model.json']);
    const sums = execFileSync('sha256sum', ['group1-shard1of1.bin', 'model.json'], { cwd: pkg.dir })
      .toString()
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(pkg.manifest.files.map((f) => f.sha256)).toEqual(sums);
    expect(await verifyPackage(pkg.dir)).toEqual(pkg.manifest);
  });

  it('gives the same digest from another directory at another time; created_at differs', async () => {
    const first = await packageModel(options({ now: new Date('2026-01-01T00:00:00Z') }));
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'package-model-other-'));
    await fs.cp(FIXTURE, path.join(elsewhere, 'nested', 'dir'), { recursive: true });
    const second = await packageModel(
      options({
        modelPath: path.join(elsewhere, 'nested', 'dir'),
        outputDir: path.join(elsewhere, 'pkg'),
        workspace: elsewhere,
        now: new Date('2027-06-01T12:00:00Z'),
        lineage: lineageFromEnv({ GITHUB_SHA: 'def', GITHUB_RUN_ID: '9' }),
      }),
    );
    expect(second.manifest.digest).toBe(first.manifest.digest);
    expect(second.manifest.created_at).not.toBe(first.manifest.created_at);
  });

  it('leaves hidden files out unless included, and places other includes by workspace path', async () => {
    await fs.writeFile(path.join(workspace, 'model', '.secret'), 'token');
    await fs.mkdir(path.join(workspace, 'model', '.cache'));
    await fs.writeFile(path.join(workspace, 'model', '.cache', 'x'), 'x');
    await fs.writeFile(path.join(workspace, 'model', '.classes.json'), '["a","b","c"]');
    await fs.mkdir(path.join(workspace, 'config'));
    await fs.writeFile(path.join(workspace, 'config', 'preprocess.json'), '{}');
    const pkg = await packageModel(options({ include: ['model/.classes.json', 'config/*.json'] }));
    expect(pkg.manifest.files.map((f) => f.path)).toEqual([
      '.classes.json',
      'config/preprocess.json',
      'group1-shard1of1.bin',
      'model.json',
    ]);
    expect(pkg.excludedHidden.sort()).toEqual(['.cache/x', '.classes.json', '.secret']);
  });

  it('packages a whole checkout (model-path: .) without its .git directory', async () => {
    await fs.mkdir(path.join(workspace, '.git', 'objects'), { recursive: true });
    await fs.writeFile(path.join(workspace, '.git', 'objects', 'ab'), 'x');
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'package-model-out-'));
    const pkg = await packageModel(
      options({ modelPath: workspace, format: 'files', outputDir: outside }),
    );
    expect(pkg.manifest.files.map((f) => f.path)).toEqual([
      'model/group1-shard1of1.bin',
      'model/model.json',
    ]);
    expect(pkg.excludedHidden).toEqual(['.git/objects/ab']);
  });

  it('follows a symlink inside the model directory and refuses one that leaves it', async () => {
    await fs.symlink('model.json', path.join(workspace, 'model', 'alias.json'));
    const pkg = await packageModel(options({ format: 'files' }));
    expect(pkg.manifest.files.map((f) => f.path)).toContain('alias.json');
    expect((await fs.lstat(path.join(pkg.dir, 'alias.json'))).isFile()).toBe(true);

    await fs.writeFile(path.join(workspace, 'outside.txt'), 'x');
    await fs.symlink('../outside.txt', path.join(workspace, 'model', 'escape.txt'));
    await expect(packageModel(options())).rejects.toThrow(
      /Input 'model-path': symlink 'escape.txt' points outside .* copy the file in instead/,
    );
  });

  it('refuses .. and absolute include patterns, FIFOs, and bad names or versions', async () => {
    await expect(packageModel(options({ include: ['../etc/passwd'] }))).rejects.toThrow(
      /Input 'include': '..\/etc\/passwd' must be relative to the workspace, without '..' segments/,
    );
    await expect(packageModel(options({ include: ['/etc/passwd'] }))).rejects.toThrow(
      /Input 'include'/,
    );
    await expect(packageModel(options({ include: ['nothing/*.txt'] }))).rejects.toThrow(
      /matched no files/,
    );
    await expect(packageModel(options({ name: 'my model' }))).rejects.toThrow(
      /Input 'name': 'my model' is not a valid name/,
    );
    await expect(packageModel(options({ name: '../x' }))).rejects.toThrow(/Input 'name'/);
    await expect(packageModel(options({ version: '1.0/../../x' }))).rejects.toThrow(
      /Input 'version'/,
    );
    execFileSync('mkfifo', [path.join(workspace, 'model', 'pipe')]);
    await expect(packageModel(options())).rejects.toThrow(/'pipe' is not a regular file/);
  });

  it('refuses a format that does not match and an output directory that is not empty', async () => {
    await expect(packageModel(options({ format: 'tfjs-graph' }))).rejects.toThrow(
      /Input 'format': model.json is a tfjs-layers model, not tfjs-graph/,
    );
    await expect(packageModel(options({ format: 'onnx' }))).rejects.toThrow(/no .onnx file/);
    await fs.mkdir(path.join(workspace, 'busy'));
    await fs.writeFile(path.join(workspace, 'busy', 'keep.txt'), 'x');
    await expect(
      packageModel(options({ outputDir: path.join(workspace, 'busy') })),
    ).rejects.toThrow(/Input 'output-dir': .* is not empty/);
    await expect(
      packageModel(options({ outputDir: path.join(workspace, 'model', 'pkg') })),
    ).rejects.toThrow(/inside the model directory/);
  });

  it('replaces a previous package in the output directory and stores a reference profile in the digest', async () => {
    const first = await packageModel(options());
    const second = await packageModel(options({ referenceProfile: { schema: 'x', rows: 3 } }));
    expect(second.manifest.reference_profile).toBe('reference-profile.json');
    expect(second.manifest.digest).not.toBe(first.manifest.digest);
    await verifyPackage(second.dir);
    expect((await fs.readdir(second.dir)).sort()).toEqual(
      ['group1-shard1of1.bin', MANIFEST_FILE, 'model.json', 'reference-profile.json'].sort(),
    );
  });

  it('packages a single ONNX file with the signature read from the graph', async () => {
    const onnx = tinyOnnxModel();
    await fs.writeFile(path.join(workspace, 'model.onnx'), onnx);
    const pkg = await packageModel(options({ modelPath: path.join(workspace, 'model.onnx') }));
    expect(pkg.manifest.format).toBe('onnx');
    expect(pkg.manifest.signature).toEqual({
      inputs: [{ name: 'x', dtype: 'float32', shape: [null, 2] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [null, 1] }],
    });
    expect(pkg.manifest.files.map((f) => f.path)).toEqual(['model.onnx']);
  });
});
