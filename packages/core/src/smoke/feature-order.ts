import type { MetricsCheck } from '../metrics/metrics-file.js';

/**
 * Feature names stored with the model: its metadata's `features` (or `feature_names`, as
 * scikit-learn's `feature_names_in_` is often exported), else the package manifest's
 * `metadata.features`. Undefined when neither stores a list of strings.
 */
export function storedFeatureNames(
  modelMetadata: Record<string, unknown> | undefined,
  manifestMetadata: Record<string, unknown> | undefined,
): { names: string[]; where: string } | undefined {
  const candidates: [unknown, string][] = [
    [modelMetadata?.features, "the model's metadata (features)"],
    [modelMetadata?.feature_names, "the model's metadata (feature_names)"],
    [manifestMetadata?.features, 'the package manifest (metadata.features)'],
  ];
  for (const [value, where] of candidates) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return { names: value as string[], where };
    }
  }
  return undefined;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 40).join(', ');
  return `[${shown}${names.length > 40 ? `, … (${names.length})` : ''}]`;
}

/**
 * `feature-order`: the columns fed to the model, in order, against the names stored with it.
 * A different order (or a different set) fails and shows both lists; without stored names the
 * check is skipped.
 */
export function featureOrderCheck(
  used: readonly string[] | undefined,
  stored: { names: string[]; where: string } | undefined,
): MetricsCheck | undefined {
  const name = 'feature-order';
  if (!used) return undefined; // not a table: no feature names
  if (!stored) {
    return {
      name,
      status: 'skip',
      detail: 'the model stores no feature names (metadata features); order not checked.',
    };
  }
  const same = used.length === stored.names.length && used.every((f, i) => f === stored.names[i]);
  if (same) {
    return {
      name,
      status: 'pass',
      detail: `${used.length} features in the order stored in ${stored.where}.`,
    };
  }
  const sameSet =
    used.length === stored.names.length &&
    [...used].sort().join('\0') === [...stored.names].sort().join('\0');
  return {
    name,
    status: 'fail',
    detail: `${sameSet ? 'the features are in another order than' : 'the features differ from'} ${stored.where}: data gives ${list(used)}, the model expects ${list(stored.names)}; set features in the model's order.`,
  };
}
