import * as core from '@actions/core';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  getBooleanInput,
  getChoiceInput,
  getListInput,
  getOptionalInput,
  getRequiredInput,
  parseNumberInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { resolveInputPath, workspaceDir } from '@ml-actions/core/inputs/input-files.js';
import { readMetricsFile } from '@ml-actions/core/metrics/metrics-file.js';
import { readMetadataInput } from '@ml-actions/core/artifact/metadata-input.js';
import { FORMAT_CHOICES } from '@ml-actions/core/artifact/model-format.js';
import {
  defaultVersion,
  lineageFromEnv,
  packageModel,
  validateName,
  validateVersion,
} from '@ml-actions/core/artifact/package-model.js';
import { renderPackageSummary } from '@ml-actions/core/artifact/package-summary.js';
import { profileReferenceData } from '@ml-actions/core/artifact/reference-profile.js';
import { uploadPackage } from '@ml-actions/core/artifact/upload-package.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';

export async function run(): Promise<void> {
  const modelPath = resolveInputPath(getRequiredInput('model-path'));
  const name = validateName(getRequiredInput('name'));
  const version = validateVersion(getOptionalInput('version') ?? defaultVersion());
  const format = getChoiceInput('format', FORMAT_CHOICES, 'auto');
  const metricsFile = getOptionalInput('metrics');
  const metadataValue = getOptionalInput('metadata');
  const referenceData = getOptionalInput('reference-data');
  const upload = getBooleanInput('upload', true);
  const retention = getOptionalInput('retention-days');
  const retentionDays =
    retention === undefined
      ? undefined
      : parseNumberInput('retention-days', retention, { min: 1, max: 90, integer: true });
  const artifactName = `${name}-${version}`;
  const outputDir = resolveInputPath(
    getOptionalInput('output-dir') ??
      path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'ml-actions', artifactName),
  );

  const pkg = await packageModel({
    modelPath,
    name,
    version,
    format,
    outputDir,
    workspace: workspaceDir(),
    include: getListInput('include'),
    metrics: metricsFile ? (await readMetricsFile('metrics', metricsFile)).metrics : undefined,
    metadata: metadataValue ? await readMetadataInput('metadata', metadataValue) : undefined,
    referenceProfile: referenceData ? await profileReferenceData(referenceData) : undefined,
    lineage: lineageFromEnv(),
  });
  if (pkg.excludedHidden.length) {
    core.info(
      `Left out hidden files (list them in include to package them): ${pkg.excludedHidden.join(', ')}`,
    );
  }
  core.info(
    `Packaged ${pkg.manifest.files.length} files (${pkg.manifest.format}) into ${pkg.dir}: ${pkg.manifest.digest}`,
  );
  core.setOutput('package-dir', pkg.dir);
  core.setOutput('manifest', pkg.manifestPath);
  core.setOutput('digest', pkg.manifest.digest);
  core.setOutput('version', version);
  core.setOutput('artifact-name', artifactName);
  core.setOutput('size-bytes', String(pkg.sizeBytes));

  let artifactId: number | undefined;
  if (upload) {
    const uploaded = await uploadPackage(pkg.dir, pkg.manifest, artifactName, { retentionDays });
    artifactId = uploaded.id;
    core.info(
      `Uploaded artifact ${artifactName} (id ${uploaded.id}, ${uploaded.size} bytes, zip level ${uploaded.compressionLevel}).`,
    );
  }
  core.setOutput('artifact-id', artifactId === undefined ? '' : String(artifactId));

  await appendJobSummary(
    renderPackageSummary(pkg.manifest, { artifactName, artifactId, sizeBytes: pkg.sizeBytes }),
  );
}
