/**
 * The one number formatter of the reports (drift markdown and HTML, profile summaries): short,
 * readable, never `NaN`. (Created on the drift branch with the drift formatters' behaviour; the
 * gate helper creates the same module in parallel, to be reconciled when the branches merge.)
 */

/** Four significant digits; tiny values in exponent form; `–` for none, `∞` for infinite. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A share (0 to 1) as a percentage with at most one decimal: `12.5 %`. */
export function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}

/** A count with thousands separators: `1,461`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
