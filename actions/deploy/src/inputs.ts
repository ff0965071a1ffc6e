import {
  getBooleanInput,
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { assertContainedDataFiles } from '@ml-actions/core/data/data-sources.js';
import { assertContainedInputs } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import type { ReleaseOperation } from '@ml-actions/core/deploy/release.js';
import { checkName } from '@ml-actions/core/registry/registry-layout.js';
import {
  readEndpointSettings,
  type EndpointSettings,
} from '@ml-actions/core/serving/endpoint-settings.js';

export const OPERATIONS: readonly ReleaseOperation[] = ['deploy', 'promote', 'rollback'];

export interface DeployInputs {
  operation: ReleaseOperation;
  package?: string;
  artifactName?: string;
  artifactId?: number;
  registry: string;
  environment: string;
  model?: string;
  fromEnvironment?: string;
  toVersion?: string;
  validateData?: string;
  validatePolicy?: string;
  validateFeatures?: string[];
  validateLabelColumn?: string;
  healthCheckUrl?: string;
  healthTimeoutS: number;
  /** Post-deploy validation: the serving endpoint the validation data goes to. */
  validateEndpoint?: EndpointSettings;
  rollbackOnFailure: boolean;
  githubDeployment: boolean;
  environmentUrl?: string;
  githubToken?: string;
  /** Longest wait for one HTTP request (S3, GitHub, a health probe). */
  requestTimeoutS: number;
  /** Longest one network call may take, retries included. */
  networkDeadlineS: number;
  /** Inputs that work but are risky (plain http, credentials in a URL); never the URL itself. */
  warnings: string[];
}

function onlyFor(operation: ReleaseOperation, used: ReleaseOperation, names: string[]): void {
  for (const name of names) {
    if (operation !== used && getOptionalInput(name) !== undefined) {
      throw new UserError(`is only used with operation '${used}', not '${operation}'.`, name);
    }
  }
}

function httpUrl(name: string): string | undefined {
  const value = getOptionalInput(name);
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/i.test(value)) {
    // Never echo credentials a mistyped URL may carry.
    const shown = value.replace(/^([^/]*\/\/)?[^/@\s]*@/, '$1***@');
    throw new UserError(`expected an http(s):// URL, got '${shown}'.`, name);
  }
  return value;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Warnings for a URL that works but is risky. They never repeat the URL (it may hold a password). */
export function urlWarnings(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const warnings: string[] = [];
  if (url.username || url.password) {
    warnings.push(
      `Input '${name}': the URL carries credentials (user:password@). They are not sent by a health probe, end up in logs and on the GitHub Deployment, and anyone who can read the repository can see them: remove them and protect the endpoint another way.`,
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    warnings.push(
      `Input '${name}': http:// is not encrypted; use https:// unless ${url.hostname} is on a private network.`,
    );
  }
  return warnings;
}

const VALIDATION_INPUTS = [
  'validate-data',
  'validate-policy',
  'validate-features',
  'validate-label-column',
];

export async function readDeployInputs(): Promise<DeployInputs> {
  const operation = getChoiceInput('operation', OPERATIONS, 'deploy');
  const validateEndpoint = readEndpointSettings('validate-endpoint');
  // The validation data also serves the endpoint check, which any operation may run.
  onlyFor(operation, 'deploy', [
    'package',
    'artifact-name',
    'artifact-id',
    ...(validateEndpoint ? [] : VALIDATION_INPUTS),
  ]);
  onlyFor(operation, 'promote', ['from-environment']);
  onlyFor(operation, 'rollback', ['to-version']);

  const sources = ['package', 'artifact-name', 'artifact-id'].filter(
    (n) => getOptionalInput(n) !== undefined,
  );
  if (operation === 'deploy' && sources.length !== 1) {
    throw new UserError(
      sources.length === 0
        ? "operation 'deploy' needs the model package: give 'package' (a directory), 'artifact-name' or 'artifact-id'."
        : `give only one of ${sources.map((s) => `'${s}'`).join(', ')}.`,
    );
  }
  const artifactId = getOptionalInput('artifact-id');
  const validateData = getOptionalInput('validate-data');
  const validatePolicy = getOptionalInput('validate-policy');
  if ((validateData === undefined) !== (validatePolicy === undefined)) {
    throw new UserError(
      'pre-deploy validation needs both validate-data and validate-policy.',
      validateData === undefined ? 'validate-data' : 'validate-policy',
    );
  }
  if (validateEndpoint && validateData === undefined) {
    throw new UserError(
      'post-deploy validation needs validate-data and validate-policy (the data sent to the endpoint and the policy its metrics must pass).',
      'validate-endpoint',
    );
  }
  const environment = checkName('environment', getRequiredInput('environment'), 'environment');
  const fromEnvironment = getOptionalInput('from-environment');
  if (operation === 'promote') {
    if (fromEnvironment === undefined) {
      throw new UserError(
        "is required for operation 'promote' (e.g. staging).",
        'from-environment',
      );
    }
    if (fromEnvironment === environment) {
      throw new UserError(`must differ from environment ('${environment}').`, 'from-environment');
    }
  }
  const pkg = getOptionalInput('package');
  // Like every path input of the suite: inside the workspace or RUNNER_TEMP, symlinks followed
  // (a checkout's `model -> ~/.ssh` must not end up in the registry). An inline policy
  // resolves to a name inside the workspace, so it passes.
  await assertContainedInputs({ package: pkg, 'validate-policy': validatePolicy });
  if (validateData !== undefined) await assertContainedDataFiles('validate-data', [validateData]);
  const model = getOptionalInput('model');
  const healthCheckUrl = httpUrl('health-check-url');
  const environmentUrl = httpUrl('environment-url');
  return {
    operation,
    package: pkg,
    artifactName: getOptionalInput('artifact-name'),
    artifactId:
      artifactId === undefined
        ? undefined
        : getNumberInput('artifact-id', 0, { min: 1, integer: true }),
    registry: getRequiredInput('registry'),
    environment,
    model: model === undefined ? undefined : checkName('model name', model, 'model'),
    fromEnvironment,
    toVersion: getOptionalInput('to-version'),
    validateData,
    validatePolicy,
    validateFeatures: getListInput('validate-features'),
    validateLabelColumn: getOptionalInput('validate-label-column'),
    healthCheckUrl,
    healthTimeoutS: getNumberInput('health-timeout', 120, { min: 1, max: 3600 }),
    validateEndpoint,
    rollbackOnFailure: getBooleanInput('rollback-on-failure', true),
    githubDeployment: getBooleanInput('github-deployment', true),
    environmentUrl,
    githubToken: getOptionalInput('github-token'),
    requestTimeoutS: getNumberInput('request-timeout', 30, { min: 1, max: 3600 }),
    networkDeadlineS: getNumberInput('network-deadline', 120, { min: 1, max: 3600 }),
    warnings: [
      ...urlWarnings('health-check-url', healthCheckUrl),
      ...urlWarnings('environment-url', environmentUrl),
    ],
  };
}
