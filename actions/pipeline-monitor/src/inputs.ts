import { existsSync, statSync } from 'node:fs';
import {
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import {
  assertContainedInputs,
  readInputFile,
  resolveInputPath,
} from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import {
  DEFAULT_THRESHOLDS_YAML,
  parseDuration,
  parseThresholds,
  type ThresholdRule,
} from '@ml-actions/core/pipeline/thresholds.js';

/** The pipeline-monitor inputs, validated; defaults equal action.yml's. */
export interface PipelineMonitorInputs {
  workflows: string[];
  windowMs: number;
  baselineWindowMs: number;
  branch?: string;
  environments: string[];
  rules: ThresholdRule[];
  significance: number;
  alert: 'issue' | 'none';
  alertScope: string;
  issueLabels: string[];
  webhookUrl?: string;
  maxJobRuns: number;
  etagCache?: string;
  requestTimeoutMs: number;
  /** Seconds the whole action may take; GitHub calls still running then are cut off. */
  timeoutSeconds: number;
  reportDir: string;
  title: string;
  failOn: 'unhealthy' | 'never';
  token?: string;
}

export const DEFAULTS = {
  window: '7d',
  'baseline-window': '28d',
  environments: 'production',
  significance: 0.05,
  alert: 'issue',
  'alert-scope': 'pipeline',
  'issue-labels': 'ci-health',
  'max-job-runs': 100,
  'request-timeout': 30,
  timeout: 300,
  'report-dir': 'pipeline-report',
  title: 'CI/CD pipeline health',
  'fail-on': 'never',
} as const;

function duration(name: 'window' | 'baseline-window'): number {
  const value = getOptionalInput(name) ?? DEFAULTS[name];
  try {
    return parseDuration(value);
  } catch (error) {
    throw new UserError((error as Error).message, name);
  }
}

/**
 * A list input whose default is not empty: the runner always passes the default when the
 * workflow leaves the input out, so an empty value was given on purpose and means "none".
 */
function listOr(name: 'environments' | 'issue-labels'): string[] {
  const given = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return given === undefined ? DEFAULTS[name].split(',').map((s) => s.trim()) : getListInput(name);
}

async function thresholds(): Promise<ThresholdRule[]> {
  const value = getOptionalInput('thresholds');
  let text = DEFAULT_THRESHOLDS_YAML;
  let source = 'the built-in thresholds';
  if (value !== undefined) {
    await assertContainedInputs({ thresholds: value });
    const file = resolveInputPath(value);
    const inline = value.includes('\n') || value.includes(':');
    if (!inline || (existsSync(file) && statSync(file).isFile())) {
      text = await readInputFile('thresholds', value);
      source = value;
    } else {
      text = value;
      source = 'inline thresholds';
    }
  }
  try {
    return parseThresholds(text);
  } catch (error) {
    throw new UserError(`${source}: ${(error as Error).message}`, 'thresholds');
  }
}

export async function readPipelineMonitorInputs(): Promise<PipelineMonitorInputs> {
  return {
    workflows: getListInput('workflows'),
    windowMs: duration('window'),
    baselineWindowMs: duration('baseline-window'),
    branch: getOptionalInput('branch'),
    environments: listOr('environments'),
    rules: await thresholds(),
    significance: getNumberInput('significance', DEFAULTS.significance, { min: 0, max: 1 }),
    alert: getChoiceInput('alert', ['issue', 'none'] as const, DEFAULTS.alert),
    alertScope: getOptionalInput('alert-scope') ?? DEFAULTS['alert-scope'],
    issueLabels: listOr('issue-labels'),
    webhookUrl: getOptionalInput('webhook-url'),
    maxJobRuns: getNumberInput('max-job-runs', DEFAULTS['max-job-runs'], { min: 0, integer: true }),
    etagCache: getOptionalInput('etag-cache'),
    requestTimeoutMs:
      getNumberInput('request-timeout', DEFAULTS['request-timeout'], { min: 1, max: 600 }) * 1000,
    timeoutSeconds: getNumberInput('timeout', DEFAULTS.timeout, { min: 1, max: 21600 }),
    reportDir: getOptionalInput('report-dir') ?? DEFAULTS['report-dir'],
    title: getOptionalInput('title') ?? DEFAULTS.title,
    failOn: getChoiceInput('fail-on', ['unhealthy', 'never'] as const, DEFAULTS['fail-on']),
    token: getOptionalInput('github-token'),
  };
}
