import type { DriftMonitorOptions, MethodChoice } from '@ml-actions/core/drift/drift-options.js';
import {
  getBooleanInput,
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { assertContainedDataFiles } from '@ml-actions/core/data/data-sources.js';
import { assertContainedInputs, readInputFile } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import type { MethodSetting } from '@ml-actions/core/stats/compute-drift.js';
import { getStatTest } from '@ml-actions/core/stats/stat-tests.js';
import { isStatsError } from '@ml-actions/core/stats/stats-error.js';
import { parse as parseYaml } from 'yaml';

/**
 * drift-monitor's inputs, read and validated once. The defaults below are the `default:` values
 * of action.yml (a test compares them); `alert` has none there because it depends on the event.
 */
export const DRIFT_MONITOR_DEFAULTS: Readonly<Record<string, string>> & {
  method: string;
  bins: string;
  'drift-share': string;
  'missing-share-jump': string;
  contamination: string;
  mode: 'compare' | 'profile';
  'report-dir': string;
  'close-on-clear': string;
  'issue-labels': string;
  'fail-on-drift': string;
  'request-timeout': string;
  timeout: string;
} = {
  method: 'auto',
  bins: '10',
  'drift-share': '0.5',
  'missing-share-jump': '0.1',
  contamination: '0.01',
  mode: 'compare',
  'report-dir': 'drift-report',
  'close-on-clear': 'true',
  'issue-labels': 'drift',
  'fail-on-drift': 'false',
  'request-timeout': '30',
  timeout: '300',
};

const D = DRIFT_MONITOR_DEFAULTS;

export type DriftMonitorInputs = DriftMonitorOptions;

function methodName(value: string): MethodSetting {
  const name = value.trim().toLowerCase();
  if (name === 'auto') return 'auto';
  try {
    return getStatTest(name).name;
  } catch (error) {
    if (isStatsError(error)) throw new UserError(error.message, 'method');
    throw error;
  }
}

/**
 * `method` is a method name, or a YAML/JSON file mapping column names to method names (the key
 * `default` sets the method of the other columns, `auto` when absent).
 */
export async function readMethodChoice(value: string | undefined): Promise<MethodChoice> {
  if (value === undefined) return { default: 'auto', perColumn: {} };
  if (!/\.(ya?ml|json)$/i.test(value)) return { default: methodName(value), perColumn: {} };
  await assertContainedInputs({ method: value });
  const text = await readInputFile('method', value);
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new UserError(`'${value}' is not valid YAML/JSON: ${(error as Error).message}`, 'method');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`'${value}' must map column names to method names.`, 'method');
  }
  const choice: MethodChoice = { default: 'auto', perColumn: {} };
  for (const [column, method] of Object.entries(data)) {
    if (typeof method !== 'string') {
      throw new UserError(`'${value}': the method of '${column}' must be a name.`, 'method');
    }
    const name = methodName(method);
    if (column === 'default') choice.default = name;
    else choice.perColumn[column] = name;
  }
  return choice;
}

/** Reads and validates every input once; nothing downstream reads inputs. */
export async function readDriftMonitorInputs(eventName: string): Promise<DriftMonitorInputs> {
  const mode = getChoiceInput('mode', ['compare', 'profile'] as const, D.mode);
  const reference = getListInput('reference');
  if (reference.length === 0) getRequiredInput('reference');
  const current = getListInput('current');
  if (mode === 'compare' && current.length === 0) {
    throw new UserError('is required when mode is compare (or set mode: profile).', 'current');
  }
  await assertContainedDataFiles('reference', reference);
  await assertContainedDataFiles('current', current);
  const thresholdText = getOptionalInput('threshold');
  const contamination = getNumberInput('contamination', Number(D.contamination), {
    min: 0,
    max: 1,
  });
  if (contamination <= 0 || contamination >= 1) {
    throw new UserError(
      `must be above 0 and below 1 (a share of rows), got ${contamination}.`,
      'contamination',
    );
  }
  const labels = getListInput('issue-labels');
  const inputs: DriftMonitorInputs = {
    mode,
    reference,
    current,
    columns: getListInput('columns'),
    excludeColumns: getListInput('exclude-columns'),
    categoricalColumns: getListInput('categorical-columns'),
    numericColumns: getListInput('numeric-columns'),
    targetColumn: getOptionalInput('target-column'),
    predictionColumn: getOptionalInput('prediction-column'),
    probabilityColumns: getListInput('probability-columns'),
    method: await readMethodChoice(getOptionalInput('method') ?? D.method),
    threshold: thresholdText === undefined ? undefined : getNumberInput('threshold', 0, { min: 0 }),
    bins: getNumberInput('bins', Number(D.bins), { min: 2, max: 1000, integer: true }),
    driftShare: getNumberInput('drift-share', Number(D['drift-share']), { min: 0, max: 1 }),
    missingShareJump: getNumberInput('missing-share-jump', Number(D['missing-share-jump']), {
      min: 0,
      max: 1,
    }),
    contamination,
    reportDir: getOptionalInput('report-dir') ?? D['report-dir'],
    dataset: getOptionalInput('dataset-name') ?? reference.join(', '),
    alert: getChoiceInput(
      'alert',
      ['issue', 'none'] as const,
      eventName === 'schedule' ? 'issue' : 'none',
    ),
    closeOnClear: getBooleanInput('close-on-clear', D['close-on-clear'] === 'true'),
    // An input given as empty falls back to the default, as the runner does for a missing one.
    issueLabels: labels.length > 0 ? labels : [D['issue-labels']],
    webhookUrl: getOptionalInput('webhook-url'),
    dispatchEvent: getOptionalInput('dispatch-event'),
    failOnDrift: getBooleanInput('fail-on-drift', D['fail-on-drift'] === 'true'),
    token: getOptionalInput('github-token'),
    requestTimeoutMs:
      1000 * getNumberInput('request-timeout', Number(D['request-timeout']), { min: 1, max: 3600 }),
    timeoutSeconds: getNumberInput('timeout', Number(D.timeout), { min: 1, max: 21600 }),
  };
  if (inputs.predictionColumn === undefined && inputs.targetColumn !== undefined) {
    throw new UserError(
      'needs prediction-column too (concept drift compares labels with predictions).',
      'target-column',
    );
  }
  if (inputs.probabilityColumns.length > 0 && inputs.predictionColumn === undefined) {
    throw new UserError('needs prediction-column too.', 'probability-columns');
  }
  return inputs;
}
