/** Number formatting shared by the drift markdown and HTML reports. */

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
