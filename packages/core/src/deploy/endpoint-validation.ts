import { loadPolicy } from '../gate/policy.js';
import { workspaceDir } from '../inputs/input-files.js';
import type { Logger } from '../runner/logger.js';
import { scratchDir } from '../runner/work-dir.js';
import type { EndpointSettings } from '../serving/endpoint-settings.js';
import { runEndpointTest } from '../smoke/run-endpoint-test.js';
import type { ValidationSource } from './package-source.js';
import { holdAgainstPolicy, validationRun } from './pre-deploy-validation.js';

/**
 * Post-deploy validation: once the alias has moved, the validation data goes to the serving
 * endpoint (smoke-test's endpoint mode) and the metrics must pass the policy (a latency rule
 * included). What it returns is the reason the release failed, or undefined; the release rolls
 * back on a reason as it does on a failed health check.
 */
export type EndpointCheck = () => Promise<string | undefined>;

/**
 * The check the release runs; reads the policy now (a broken policy stops the deploy before
 * anything moves). `validation` needs data and policy (deploy's inputs make sure of it).
 */
export async function endpointCheck(
  endpoint: EndpointSettings,
  validation: ValidationSource,
  log: Logger,
): Promise<EndpointCheck> {
  const policy = await loadPolicy('validate-policy', validation.policy ?? '');
  const options = {
    ...validation,
    data: validation.data ?? '',
    workspace: workspaceDir(),
    outputDir: await scratchDir('deploy-endpoint-validation'),
    log,
  };
  return async () => {
    const result = await runEndpointTest({ endpoint, ...validationRun(options) });
    const failedChecks = result.checks.filter((c) => c.status === 'fail');
    if (failedChecks.length > 0) {
      // Each detail is a sentence; the release appends its own clauses after this reason.
      const details = failedChecks.map(
        (c) => `${c.name}: ${(c.detail ?? 'failed').replace(/\.$/, '')}`,
      );
      return `endpoint validation failed: ${details.join('; ')}`;
    }
    const verdict = await holdAgainstPolicy(
      policy,
      result.metricsFile,
      'endpoint validation',
      options.log,
    );
    if (verdict.failed) return `endpoint validation failed the policy: ${verdict.failed}`;
    options.log.info(`Endpoint validation passed: ${result.rows} rows on ${result.endpoint}.`);
    return undefined;
  };
}
