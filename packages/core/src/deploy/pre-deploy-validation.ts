import * as path from 'node:path';
import type { Manifest } from '../artifact/manifest.js';
import { evaluatePolicy } from '../gate/evaluate.js';
import { loadPolicy, type Policy } from '../gate/policy.js';
import { UserError } from '../inputs/user-error.js';
import { readMetricsFile } from '../metrics/metrics-file.js';
import type { Logger } from '../runner/logger.js';
import { runSmokeTest } from '../smoke/run-smoke-test.js';

/**
 * The last check before an alias moves: run the validation data through the packaged model
 * with the smoke-test library and hold the resulting metrics against a gate policy. Any
 * failed check or rule stops the deploy before the registry is touched.
 */
export interface PreDeployValidation {
  /** Data file (relative to the workspace), as smoke-test's `data`. */
  data: string;
  /** Gate policy: a YAML file path or the YAML inline. */
  policy: string;
  features?: string[];
  labelColumn?: string;
  workspace: string;
  /** Where the metrics and predictions files go. */
  outputDir: string;
  log: Logger;
}

export interface ValidationOutcome {
  metricsFile: string;
  metrics: Record<string, number>;
  /** One line per policy rule: metric, verdict, reason. */
  rules: string[];
}

export async function validateBeforeDeploy(
  dir: string,
  manifest: Manifest,
  options: PreDeployValidation,
): Promise<ValidationOutcome> {
  // The policy is read first: a broken policy should not cost a model run.
  const policy = await loadPolicy('validate-policy', options.policy);
  const smoke = await runSmokeTest({ model: dir, ...validationRun(options) });
  const failedChecks = smoke.checks.filter((c) => c.status === 'fail');
  if (failedChecks.length > 0) {
    throw new UserError(
      `pre-deploy validation of ${manifest.name} ${manifest.version} on '${options.data}' failed: ${failedChecks
        .map((c) => `${c.name}: ${c.detail ?? 'failed'}`)
        .join('; ')}. Nothing was deployed.`,
      'validate-data',
    );
  }
  const verdict = await holdAgainstPolicy(policy, smoke.metricsFile, 'validation', options.log);
  if (verdict.failed) {
    throw new UserError(
      `pre-deploy validation of ${manifest.name} ${manifest.version} failed the policy: ${verdict.failed}. Nothing was deployed.`,
      'validate-policy',
    );
  }
  const { rules } = verdict;
  return { metricsFile: path.resolve(smoke.metricsFile), metrics: smoke.metrics, rules };
}

/** smoke-test's options for a validation run of `data` (smoke-test's defaults otherwise). */
export function validationRun(options: Omit<PreDeployValidation, 'policy'>) {
  return {
    data: options.data,
    cwd: options.workspace,
    features: options.features,
    labelColumn: options.labelColumn,
    task: 'auto',
    batchSize: 256,
    maxRows: 10_000,
    seed: 1,
    tolerance: 1e-4,
    backend: 'auto',
    outputDir: options.outputDir,
    warmup: 1,
    repeat: 2,
    log: (message: string) => options.log.info(message),
  } as const;
}

/**
 * The metrics of a validation run held against the policy; each rule logged as
 * `<label> <metric>: <verdict> (<reason>)`. `failed` lists the failed rules, when any.
 */
export async function holdAgainstPolicy(
  policy: Policy,
  metricsFile: string,
  label: string,
  log: Logger,
): Promise<{ rules: string[]; failed?: string }> {
  const metrics = await readMetricsFile('validate-data', metricsFile);
  const result = evaluatePolicy(policy, metrics, undefined, {
    metrics: 'validate-data',
    baseline: 'validate-policy',
  });
  const rules = result.checks.map((c) => `${c.metric}: ${c.verdict} (${c.reason})`);
  for (const line of rules) log.info(`${label} ${line}`);
  if (result.passed) return { rules };
  return { rules, failed: result.failed.map((c) => `${c.metric} ${c.reason}`).join('; ') };
}
