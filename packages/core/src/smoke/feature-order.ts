import type { MetricsCheck } from '../metrics/metrics-file.js';

/**
 * Feature names stored with the model: its metadata's `features`, `feature_names` (as
 * scikit-learn's `feature_names_in_` is often exported) or `featureNames` (ONNX
 * `metadata_props` hold strings: a comma-separated list is read under the explicit keys), else
 * the package manifest's metadata under the same keys. Undefined when none stores a list.
 */
export function storedFeatureNames(
  modelMetadata: Record<string, unknown> | undefined,
  manifestMetadata: Record<string, unknown> | undefined,
): { names: string[]; where: string } | undefined {
  const sources: [Record<string, unknown> | undefined, (key: string) => string][] = [
    [modelMetadata, (key) => `the model's metadata (${key})`],
    [manifestMetadata, (key) => `the package manifest (metadata.${key})`],
  ];
  for (const [metadata, where] of sources) {
    for (const key of ['features', 'feature_names', 'featureNames']) {
      const value = metadata?.[key];
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
        return { names: value as string[], where: where(key) };
      }
      // A string only under an explicit feature-names key (`features` may mean something else).
      if (key !== 'features' && typeof value === 'string' && value.trim() !== '') {
        return { names: value.split(',').map((v) => v.trim()), where: where(key) };
      }
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
