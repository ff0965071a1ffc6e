import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonInput, readInputFile } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';

/** The metrics file contract shared by smoke-test (writer) and gate (reader); see DESIGN.md. */
export const METRICS_SCHEMA = 'ml-actions/metrics@1';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface MetricsCheck {
  name: string;
  status: CheckStatus;
  detail?: string;
}

export interface MetricsFile {
  schema: typeof METRICS_SCHEMA;
  model?: { name?: string; version?: string; digest?: string; [key: string]: unknown };
  dataset?: { path?: string; rows?: number; sha256?: string; [key: string]: unknown };
  metrics: Record<string, unknown>;
  checks?: MetricsCheck[];
  [key: string]: unknown;
}

/** Metrics as gate sees them: the `metrics` object (nested values allowed) plus where they came from. */
export interface LoadedMetrics {
  /** The file path as the user gave it. */
  source: string;
  /** True when the file was the ml-actions/metrics@1 format rather than a flat object. */
  structured: boolean;
  metrics: Record<string, unknown>;
  model?: MetricsFile['model'];
  checks?: MetricsCheck[];
  /** The dataset the metrics were measured on (smoke-test writes path, rows and sha256). */
  dataset?: MetricsFile['dataset'];
  /**
   * The per-row predictions file smoke-test wrote beside the metrics file (`predictions` key,
   * relative to the metrics file's folder), resolved against the folder of `source`.
   */
  predictions?: string;
  /** Class names of `confusion_matrix.labels`, when the file has them. */
  classNames?: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refuses values that JSON.stringify would silently turn into `null` or that look like
 * numbers but are not: a number beyond ±1.8e308 (JSON.parse makes it Infinity) and a
 * numeric string ("0.93"). Other strings are left as they are (notes, names); a policy rule
 * that names one is refused when it is evaluated.
 */
function checkMetricValues(input: string, source: string, node: unknown, prefix = ''): void {
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new UserError(
        `metric '${name}' in '${source}' is beyond the range of a double (±1.8e308, e.g. 1e400) and would be read as Infinity; write a finite number.`,
        input,
      );
    }
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      throw new UserError(
        `metric '${name}' in '${source}' is the string ${JSON.stringify(value)}, not a number; write it without quotes.`,
        input,
      );
    }
    checkMetricValues(input, source, value, name);
  }
}

/** Interprets parsed JSON as either the structured format or a flat object of metrics. */
export function interpretMetrics(input: string, source: string, data: unknown): LoadedMetrics {
  if (!isPlainObject(data)) {
    throw new UserError(
      `file '${source}' must hold a JSON object (the ${METRICS_SCHEMA} format or {"metric": number, ...}).`,
      input,
    );
  }
  if ('schema' in data) {
    if (data.schema !== METRICS_SCHEMA) {
      throw new UserError(
        `file '${source}' has schema '${String(data.schema)}'; this version reads '${METRICS_SCHEMA}'.`,
        input,
      );
    }
    if (!isPlainObject(data.metrics)) {
      throw new UserError(`file '${source}' has no "metrics" object.`, input);
    }
    checkMetricValues(input, source, data.metrics);
    const matrix = data.confusion_matrix;
    const labels =
      isPlainObject(matrix) && Array.isArray(matrix.labels) ? matrix.labels : undefined;
    return {
      source,
      structured: true,
      metrics: data.metrics,
      model: isPlainObject(data.model) ? (data.model as MetricsFile['model']) : undefined,
      checks: Array.isArray(data.checks) ? (data.checks as MetricsCheck[]) : undefined,
      dataset: isPlainObject(data.dataset) ? (data.dataset as MetricsFile['dataset']) : undefined,
      predictions:
        // A plain file name beside the metrics file (never a path that leaves its folder).
        typeof data.predictions === 'string' &&
        data.predictions !== '' &&
        path.basename(data.predictions) === data.predictions &&
        data.predictions !== '..'
          ? path.join(path.dirname(source), data.predictions)
          : undefined,
      classNames: labels?.map(String),
    };
  }
  checkMetricValues(input, source, data);
  return { source, structured: false, metrics: data };
}

/** Reads a metrics file named by an action input. */
export async function readMetricsFile(input: string, value: string): Promise<LoadedMetrics> {
  const text = await readInputFile(input, value);
  return interpretMetrics(input, value, parseJsonInput(input, value, text));
}

/** Writes a metrics file (creating its directory), pretty-printed for humans and diffs. */
export async function writeMetricsFile(
  file: string,
  data: Omit<MetricsFile, 'schema'>,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const body = { schema: METRICS_SCHEMA, ...data } as MetricsFile;
  await fs.writeFile(file, JSON.stringify(body, null, 2) + '\n');
}
