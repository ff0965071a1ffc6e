import { parse as parseYaml } from 'yaml';
import {
  getBooleanInput,
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '../inputs/action-inputs.js';
import { readInputFile } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
import type { MethodSetting } from '../stats/compute-drift.js';
import { getStatTest } from '../stats/stat-tests.js';
import type { AlertMode } from './drift-alerts.js';

/** One method for every column, or per column with a default for the rest. */
export interface MethodChoice {
  default: MethodSetting;
  perColumn: Record<string, MethodSetting>;
}

export interface DriftMonitorOptions {
  mode: 'compare' | 'profile';
  reference: string[];
  current: string[];
  columns: string[];
  excludeColumns: string[];
  categoricalColumns: string[];
  numericColumns: string[];
  targetColumn?: string;
  predictionColumn?: string;
  probabilityColumns: string[];
  method: MethodChoice;
  /** Undefined: each method's own default. */
  threshold?: number;
  bins: number;
  driftShare: number;
  reportDir: string;
  dataset: string;
  alert: AlertMode;
  closeOnClear: boolean;
  issueLabels: string[];
  webhookUrl?: string;
  dispatchEvent?: string;
  failOnDrift: boolean;
  token?: string;
}

function methodName(value: string): MethodSetting {
  const name = value.trim().toLowerCase();
  return name === 'auto' ? 'auto' : getStatTest(name, 'method').name;
}

/**
 * `method` is a method name, or a YAML/JSON file mapping column names to method names (the key
 * `default` sets the method of the other columns, `auto` when absent).
 */
export async function readMethodChoice(value: string | undefined): Promise<MethodChoice> {
  if (value === undefined) return { default: 'auto', perColumn: {} };
  if (!/\.(ya?ml|json)$/i.test(value)) return { default: methodName(value), perColumn: {} };
  const text = await readInputFile('method', value);
  let data: unknown;
  try {
    data = parseYaml(text);
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
export async function readDriftMonitorOptions(eventName: string): Promise<DriftMonitorOptions> {
  const mode = getChoiceInput('mode', ['compare', 'profile'] as const, 'compare');
  const reference = getListInput('reference');
  if (reference.length === 0) getRequiredInput('reference');
  const current = getListInput('current');
  if (mode === 'compare' && current.length === 0) {
    throw new UserError('is required when mode is compare (or set mode: profile).', 'current');
  }
  const thresholdText = getOptionalInput('threshold');
  const options: DriftMonitorOptions = {
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
    method: await readMethodChoice(getOptionalInput('method')),
    threshold: thresholdText === undefined ? undefined : getNumberInput('threshold', 0, { min: 0 }),
    bins: getNumberInput('bins', 10, { min: 2, max: 1000, integer: true }),
    driftShare: getNumberInput('drift-share', 0.5, { min: 0, max: 1 }),
    reportDir: getOptionalInput('report-dir') ?? 'drift-report',
    dataset: getOptionalInput('dataset-name') ?? reference.join(', '),
    alert: getChoiceInput(
      'alert',
      ['issue', 'none'] as const,
      eventName === 'schedule' ? 'issue' : 'none',
    ),
    closeOnClear: getBooleanInput('close-on-clear', true),
    issueLabels: getListInput('issue-labels'),
    webhookUrl: getOptionalInput('webhook-url'),
    dispatchEvent: getOptionalInput('dispatch-event'),
    failOnDrift: getBooleanInput('fail-on-drift', false),
    token: getOptionalInput('github-token'),
  };
  if (options.predictionColumn === undefined && options.targetColumn !== undefined) {
    throw new UserError(
      'needs prediction-column too (concept drift compares labels with predictions).',
      'target-column',
    );
  }
  if (options.probabilityColumns.length > 0 && options.predictionColumn === undefined) {
    throw new UserError('needs prediction-column too.', 'probability-columns');
  }
  return options;
}
