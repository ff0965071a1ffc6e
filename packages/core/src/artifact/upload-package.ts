import { DefaultArtifactClient } from '@actions/artifact';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { UserError } from '../inputs/user-error.js';
import { MANIFEST_FILE, type Manifest, type ManifestFile } from './manifest.js';

const SAMPLE_BYTES = 256 * 1024;
/** Deflate saving less than this on a sample is not worth compressing the file for. */
const INCOMPRESSIBLE_RATIO = 0.85;

/**
 * The zip compression level for a package: 0 (stored) when most bytes are already compressed or
 * high-entropy weights, which deflate barely shrinks but spends seconds per 100 MB on; 6 otherwise.
 * Decided from a deflate of the first 256 KB of each file, weighted by file size.
 */
export async function chooseCompressionLevel(dir: string, files: ManifestFile[]): Promise<number> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total === 0) return 6;
  let incompressible = 0;
  for (const file of files) {
    if (file.size < 4096) continue;
    const handle = await fs.open(path.join(dir, ...file.path.split('/')), 'r');
    try {
      const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, file.size));
      const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
      const ratio = deflateRawSync(sample.subarray(0, bytesRead), { level: 1 }).length / bytesRead;
      if (ratio >= INCOMPRESSIBLE_RATIO) incompressible += file.size;
    } finally {
      await handle.close();
    }
  }
  return incompressible / total >= 0.5 ? 0 : 6;
}

export interface UploadedPackage {
  id: number;
  /** Bytes of the uploaded zip. */
  size: number;
  /** `sha256:` of the uploaded zip (what `downloadArtifact` checks), not the package digest. */
  zipDigest?: string;
  compressionLevel: number;
}

export interface UploadOptions {
  retentionDays?: number;
}

/** Uploads a built package directory (manifest and listed files) as one workflow artifact. */
export async function uploadPackage(
  dir: string,
  manifest: Manifest,
  artifactName: string,
  options: UploadOptions = {},
): Promise<UploadedPackage> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    throw new UserError(
      'is true but the Actions artifact service is not available here (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL); set upload: false to only build the package.',
      'upload',
    );
  }
  const files = [MANIFEST_FILE, ...manifest.files.map((f) => f.path)].map((p) =>
    path.join(dir, ...p.split('/')),
  );
  const compressionLevel = await chooseCompressionLevel(dir, manifest.files);
  const client = new DefaultArtifactClient();
  try {
    const result = await client.uploadArtifact(artifactName, files, dir, {
      retentionDays: options.retentionDays,
      compressionLevel,
    });
    if (result.id === undefined)
      throw new Error(`artifact service returned no id for ${artifactName}`);
    return {
      id: result.id,
      size: result.size ?? 0,
      zipDigest: result.digest ? `sha256:${result.digest}` : undefined,
      compressionLevel,
    };
  } catch (error) {
    if (/already exists/i.test((error as Error).message)) {
      throw new UserError(
        `an artifact named '${artifactName}' already exists in this workflow run; give another name or version.`,
        'name',
      );
    }
    throw error;
  }
}
