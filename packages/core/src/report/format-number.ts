/**
 * THE number formatter of the suite: every number a person reads in a report, comment,
 * summary or log line is formatted here, so one metric reads the same everywhere.
 * Pure: no imports.
 */

/** Up to `digits` significant digits without float noise or trailing zeros (0.1 + 0.2 → "0.3"). */
export function formatSignificant(n: number, digits: number): string {
  return String(Number(n.toPrecision(digits)));
}

/**
 * A metric value, limit or delta (gate): integers exactly, others to 6 significant digits;
 * ∞, -∞ and NaN spelled out.
 */
export function formatMetric(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
  if (Number.isInteger(n)) return String(n);
  return formatSignificant(n, 6);
}

/**
 * A statistic in a report table (drift): 4 significant digits, tiny values (p-values) in
 * exponent form, a dash for a missing value.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return formatSignificant(value, 4);
}

/**
 * A measured value in text (smoke summary, step outputs such as `latency-ms-p95`, log lines):
 * integers exactly, others to 4 significant digits as a plain number (3.9587621 → "3.959"),
 * so an output still parses as a number. JSON files keep full precision.
 */
export function formatMeasurement(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
  if (Number.isInteger(n)) return String(n);
  return formatSignificant(n, 4);
}

/** A duration given in ms, in seconds with at most one decimal: 1500 → "1.5 s", 2000 → "2 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A share in [0, 1] as a percentage with one decimal: 0.25 → "25 %". */
export function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}

/** A count with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
