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
 * is given, else `features`; checked against the feature names stored with the model (ONNX
 * `metadata_props` `feature_names`, or the package manifest's metadata), which are also the
 * default when `features` is empty. Reordered or renamed features fail with both lists, since a
 * model fed columns in the wrong order runs fine and silently predicts garbage.
 */
export function resolveModelFeatures(
  options: ModelFeatureOptions,
  storedNames: string[] | undefined,
): string[] | undefined {
  const mapped = options.inputs ? Object.values(options.inputs).flat() : [];
  const requested = mapped.length > 0 ? mapped : options.features;
  if (!storedNames || storedNames.length === 0) return requested;
  if (!requested || requested.length === 0) return storedNames;
  const same =
    requested.length === storedNames.length && requested.every((n, i) => n === storedNames[i]);
  if (!same) {
    throw new UserError(
      `the features do not match the feature names stored with the model ` +
        `(${mapped.length > 0 ? 'inputs' : 'features'}: [${requested.join(', ')}]; model: [${storedNames.join(', ')}]). ` +
        'List the data columns in the order the model was trained on.',
      mapped.length > 0 ? 'inputs' : 'features',
    );
  }
  return requested;
}

/** Feature names from a description's or manifest's metadata (a list, or a comma-separated string). */
export function storedFeatureNames(
  ...sources: (Record<string, unknown> | undefined)[]
): string[] | undefined {
  for (const metadata of sources) {
    for (const key of ['featureNames', 'feature_names', 'features']) {
      const value = metadata?.[key];
      if (Array.isArray(value) && value.length > 0) return value.map(String);
      // A string only under an explicit feature-names key (`features` may mean something else).
      if (key !== 'features' && typeof value === 'string' && value.trim() !== '')
        return value.split(',').map((s) => s.trim());
    }
  }
  return undefined;
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
