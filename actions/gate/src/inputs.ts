import {
  getChoiceInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
  parseNumberInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import {
  assertContainedInputs,
  resolveContainedInputPath,
} from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import type { GateOptions } from '@ml-actions/core/gate/run-gate.js';
import type { NetworkTimeouts } from '@ml-actions/core/registry/open-registry.js';

/**
 * The gate action's inputs, read and validated once (names as in action.yml). The defaults
 * here are the `default:` values of action.yml (a test keeps them equal).
 */
export const GATE_INPUT_DEFAULTS = {
  comment: 'auto',
  'comment-key': 'gate',
  title: 'Model quality gate',
  'fail-on': 'failure',
  'request-timeout': 30,
  timeout: 300,
} as const;

export interface GateInputs extends GateOptions {
  failOn: 'failure' | 'never';
  /** Seconds the whole action may take; GitHub calls still running then are cut off. */
  timeoutSeconds: number;
}

const COMMENT_KEY = /^[A-Za-z0-9._/-]{1,64}$/;
/** `registry:…`, `s3://…`: a baseline that is not a file (two letters at least: not `C:`). */
const URI = /^[a-z][a-z0-9+.-]+:/i;

const REGISTRY_INPUTS = ['registry', 'environment', 'model'];

/**
 * `baseline` is a file, or `registry`: then the version deployed to `environment` in
 * `registry` is the baseline (registry, environment and model are only for that).
 */
function baselineSource(
  baseline: string | undefined,
  timeouts: NetworkTimeouts,
): Pick<GateOptions, 'baseline' | 'registryBaseline'> {
  if (baseline !== 'registry') {
    for (const name of REGISTRY_INPUTS) {
      if (getOptionalInput(name) !== undefined) {
        throw new UserError(
          "is only used with 'baseline: registry' (the version deployed to an environment as the baseline).",
          name,
        );
      }
    }
    return { baseline };
  }
  const need = (name: string) => {
    const value = getOptionalInput(name);
    if (value === undefined) {
      throw new UserError(
        name === 'registry'
          ? "is required with 'baseline: registry': the registry deploy writes (file:///path or s3://bucket/prefix)."
          : "is required with 'baseline: registry': the environment whose deployed version is the baseline (e.g. production).",
        name,
      );
    }
    return value;
  };
  return {
    registryBaseline: {
      registry: need('registry'),
      environment: need('environment'),
      model: getOptionalInput('model'),
      timeouts,
    },
  };
}

export async function readGateInputs(): Promise<GateInputs> {
  const commentKey = getOptionalInput('comment-key') ?? GATE_INPUT_DEFAULTS['comment-key'];
  if (!COMMENT_KEY.test(commentKey)) {
    throw new UserError(
      `'${commentKey}' is not a valid key: use up to 64 letters, digits, '.', '_', '-' or '/'.`,
      'comment-key',
    );
  }
  const pullRequest = getOptionalInput('pull-request');
  // No default here nor in action.yml: without it the report goes to
  // RUNNER_TEMP/ml-actions/gate/<comment-key> (gateReportPath).
  const outputDir = getOptionalInput('output-dir');
  const requestTimeoutMs =
    1000 *
    getNumberInput('request-timeout', GATE_INPUT_DEFAULTS['request-timeout'], {
      min: 1,
      max: 3600,
    });
  const timeoutSeconds = getNumberInput('timeout', GATE_INPUT_DEFAULTS.timeout, {
    min: 1,
    max: 21600,
  });
  const files = {
    metrics: getRequiredInput('metrics'),
    // The policy may be inline YAML: keep its lines, trimmed only at the ends.
    policy: getRequiredInput('policy'),
    baseline: getOptionalInput('baseline'),
    predictions: getOptionalInput('predictions'),
    'baseline-predictions': getOptionalInput('baseline-predictions'),
  };
  // Inline YAML resolves to a name inside the workspace, so it passes; a URI is no path.
  await assertContainedInputs({
    ...files,
    baseline:
      files.baseline && files.baseline !== 'registry' && !URI.test(files.baseline)
        ? files.baseline
        : undefined,
  });
  return {
    metrics: files.metrics,
    policy: files.policy,
    ...baselineSource(files.baseline, { requestTimeoutMs, deadlineMs: timeoutSeconds * 1000 }),
    predictions: files.predictions,
    baselinePredictions: files['baseline-predictions'],
    comment: getChoiceInput(
      'comment',
      ['auto', 'always', 'never'] as const,
      GATE_INPUT_DEFAULTS.comment,
    ),
    commentKey,
    pullRequest:
      pullRequest === undefined
        ? undefined
        : parseNumberInput('pull-request', pullRequest.replace(/^#/, ''), {
            min: 1,
            integer: true,
          }),
    title: getOptionalInput('title') ?? GATE_INPUT_DEFAULTS.title,
    failOn: getChoiceInput(
      'fail-on',
      ['failure', 'never'] as const,
      GATE_INPUT_DEFAULTS['fail-on'],
    ),
    token: getOptionalInput('github-token'),
    requestTimeoutMs,
    outputDir:
      outputDir === undefined
        ? undefined
        : await resolveContainedInputPath('output-dir', outputDir),
    timeoutSeconds,
  };
}
