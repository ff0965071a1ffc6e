import { parse as parseYaml } from 'yaml';
import { UserError } from '../inputs/user-error.js';

export interface ModelFeatureOptions {
  /** The `features` input (model order). */
  features?: string[];
  /** ONNX: data columns per named model input (`inputs`). */
  inputs?: Record<string, string[]>;
}

/**
 * The feature columns to read, in model order: the columns of `inputs` (input by input) when it
 * is given, else `features`, else the feature names stored with the model. Whether the given
 * order matches the stored names is the `feature-order` check's business (feature-order.ts).
 */
export function resolveModelFeatures(
  options: ModelFeatureOptions,
  storedNames: string[] | undefined,
): string[] | undefined {
  const mapped = options.inputs ? Object.values(options.inputs).flat() : [];
  const requested = mapped.length > 0 ? mapped : options.features;
  if (requested && requested.length > 0) return requested;
  return storedNames && storedNames.length > 0 ? storedNames : requested;
}

/**
 * The `inputs` input: a YAML (or JSON) mapping of model input name to data columns, e.g.
 * `float_input: [a, b, c]` (a comma-separated string is accepted for a list).
 */
export function parseInputsMapping(text: string | undefined): Record<string, string[]> | undefined {
  if (!text || text.trim() === '') return undefined;
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UserError(`not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'inputs');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(
      'give a mapping of model input name to data columns, e.g. `x: [a, b, c]`.',
      'inputs',
    );
  }
  const mapping: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(data)) {
    const columns = Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    if (columns.length === 0) {
      throw new UserError(`model input '${name}' needs a list of data columns.`, 'inputs');
    }
    mapping[name] = columns;
  }
  return mapping;
}
