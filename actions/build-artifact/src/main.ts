import * as core from '@actions/core';
import { promises as fs } from 'node:fs';
import { readMetadataInput } from '@ml-actions/core/artifact/metadata-input.js';
import { lineageFromEnv, packageModel } from '@ml-actions/core/artifact/package-model.js';
import { profileReferenceData } from '@ml-actions/core/artifact/reference-profile.js';
import { uploadPackage } from '@ml-actions/core/artifact/upload-package.js';
import { resolveInputPath, workspaceDir } from '@ml-actions/core/inputs/input-files.js';
import { readMetricsFile, type LoadedMetrics } from '@ml-actions/core/metrics/metrics-file.js';
import { renderPackageSummary } from '@ml-actions/core/report/package-summary.js';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import type { Logger } from '@ml-actions/core/runner/logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import { readBuildArtifactInputs } from './inputs.js';

/**
 * The per-row predictions file a smoke-test metrics file names, to be packaged beside the
 * metrics (gate's `baseline: registry` runs paired tests on it); a missing one is a warning.
 */
async function storedPredictions(metrics: LoadedMetrics, log: Logger) {
  if (!metrics.predictions) return undefined;
  const file = resolveInputPath(metrics.predictions);
  const isFile = await fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (isFile) return file;
  log.warning(
    `Input 'metrics': '${metrics.source}' names the predictions file '${metrics.predictions}', which is not there; the package stores the metrics without per-row predictions.`,
  );
  return undefined;
}

/** build-artifact: package the model (manifest, hashes, signature, lineage) and upload it. */
export async function run(): Promise<ActionOutcome> {
  const inputs = await readBuildArtifactInputs();
  const { artifactName, version } = inputs;
  const log = actionsLogger;

  const metrics = inputs.metrics ? await readMetricsFile('metrics', inputs.metrics) : undefined;
  const pkg = await packageModel({
    modelPath: inputs.modelPath,
    name: inputs.name,
    version,
    format: inputs.format,
    outputDir: inputs.outputDir,
    workspace: workspaceDir(),
    include: inputs.include,
    metrics: metrics?.metrics,
    predictions: metrics && (await storedPredictions(metrics, log)),
    metadata: inputs.metadata ? await readMetadataInput('metadata', inputs.metadata) : undefined,
    referenceProfile: inputs.referenceData
      ? await profileReferenceData(inputs.referenceData, {
          excludeColumns: inputs.referenceExcludeColumns,
        })
      : undefined,
    lineage: lineageFromEnv(),
    logger: log,
  });
  // File names come from the model directory (a pull request controls them): log them only
  // through the logger that neutralises workflow commands.
  if (pkg.excludedHidden.length) {
    log.info(
      `Left out hidden files (list them in include to package them): ${pkg.excludedHidden.join(', ')}`,
    );
  }
  log.info(
    `Packaged ${pkg.manifest.files.length} files (${pkg.manifest.format}) into ${pkg.dir}: ${pkg.manifest.digest}`,
  );
  core.setOutput('package-dir', pkg.dir);
  core.setOutput('manifest', pkg.manifestPath);
  core.setOutput('digest', pkg.manifest.digest);
  core.setOutput('version', version);
  core.setOutput('artifact-name', artifactName);
  core.setOutput('size-bytes', String(pkg.sizeBytes));

  let artifactId: number | undefined;
  if (inputs.upload) {
    const uploaded = await uploadPackage(pkg.dir, pkg.manifest, artifactName, {
      retentionDays: inputs.retentionDays,
    });
    artifactId = uploaded.id;
    log.info(
      `Uploaded artifact ${artifactName} (id ${uploaded.id}, ${uploaded.size} bytes, zip level ${uploaded.compressionLevel}).`,
    );
  }
  core.setOutput('artifact-id', artifactId === undefined ? '' : String(artifactId));

  await appendJobSummary(
    renderPackageSummary(pkg.manifest, { artifactName, artifactId, sizeBytes: pkg.sizeBytes }),
  );
  return {};
}
