import type { Manifest } from '../artifact/manifest.js';
import { renderPackageSummary } from './package-summary.js';

const manifest: Manifest = {
  schema: 'ml-actions/manifest@1',
  name: 'churn',
  version: '1.0.0',
  format: 'onnx',
  created_at: '2026-01-01T00:00:00.000Z',
  digest: `sha256:${'a'.repeat(64)}`,
  files: [{ path: 'model.onnx', size: 2048, sha256: 'b'.repeat(64) }],
  signature: {
    inputs: [{ name: 'x|<img src=x onerror=alert(1)>', dtype: 'float32', shape: [null, 3] }],
    outputs: [{ name: 'y', dtype: 'int64' }],
  },
  lineage: { repository: 'o/r', ref: 'refs/heads/feat|x' },
  tool: { name: 't', version: '0' },
};

describe('renderPackageSummary', () => {
  it('shows digest, size, signature and lineage, escaping names that come from the model', () => {
    const md = renderPackageSummary(manifest, {
      artifactName: 'churn-1.0.0',
      artifactId: 7,
      sizeBytes: 2048,
    });
    expect(md).toContain(`| Digest | \`sha256:${'a'.repeat(64)}\` |`);
    expect(md).toContain('| Size | 2.0 KiB in 1 file |');
    expect(md).toContain('(id 7)');
    expect(md).toContain(
      '| input | x\\|&lt;img src=x onerror=alert\\(1\\)&gt; | float32 | `[?, 3]` |',
    );
    expect(md).toContain('| output | y | int64 | `unknown` |');
    expect(md).toContain('| ref | refs/heads/feat\\|x |');
    expect(md).not.toContain('<img');
  });

  it('says when the package was not uploaded', () => {
    expect(renderPackageSummary(manifest, { artifactName: 'a', sizeBytes: 1 })).toContain(
      '(not uploaded)',
    );
  });
});
