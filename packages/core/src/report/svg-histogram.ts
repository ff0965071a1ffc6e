import type { ColumnHistogram } from '../drift/drift-report.js';
import { escapeHtml } from './escape.js';

const WIDTH = 640;
const HEIGHT = 260;
// Bin labels (up to 14 characters, ≈6 px each at font-size 10) are rotated 40° and end under
// their bin: the first one reaches ≈65 px to the left of it, so the left margin must hold it.
const MARGIN = { top: 24, right: 12, bottom: 70, left: 72 };
export const REFERENCE_COLOR = '#4c78a8';
export const CURRENT_COLOR = '#f58518';

function round(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function shortLabel(label: string, max = 14): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * Reference vs current shares of one column as an inline SVG grouped bar chart. No scripts or
 * external references; every label is HTML-escaped (and the full label is in a <title>).
 */
export function svgHistogram(histogram: ColumnHistogram): string {
  const n = histogram.bins.length;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.max(1e-9, ...histogram.reference, ...histogram.current);
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(1, slot * 0.4);
  const y = (share: number): number => MARGIN.top + plotH - (share / top) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(
      `Distribution of ${histogram.column}`,
    )}">`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + plotH}" stroke="#888"/>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 4}" text-anchor="end" font-size="10">${round(top * 100)}%</text>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + plotH}" text-anchor="end" font-size="10">0%</text>`,
    `<rect x="${MARGIN.left}" y="4" width="10" height="10" fill="${REFERENCE_COLOR}"/><text x="${MARGIN.left + 14}" y="13" font-size="11">reference</text>`,
    `<rect x="${MARGIN.left + 90}" y="4" width="10" height="10" fill="${CURRENT_COLOR}"/><text x="${MARGIN.left + 104}" y="13" font-size="11">current</text>`,
  ];
  histogram.bins.forEach((label, i) => {
    const x0 = MARGIN.left + i * slot + slot * 0.1;
    const ref = histogram.reference[i] ?? 0;
    const cur = histogram.current[i] ?? 0;
    const safe = escapeHtml(label);
    parts.push(
      `<g><title>${safe}: reference ${round(ref * 100)}%, current ${round(cur * 100)}%</title>` +
        `<rect x="${round(x0)}" y="${round(y(ref))}" width="${round(barW)}" height="${round(MARGIN.top + plotH - y(ref))}" fill="${REFERENCE_COLOR}"/>` +
        `<rect x="${round(x0 + barW)}" y="${round(y(cur))}" width="${round(barW)}" height="${round(MARGIN.top + plotH - y(cur))}" fill="${CURRENT_COLOR}"/></g>`,
    );
    const lx = MARGIN.left + (i + 0.5) * slot;
    const ly = MARGIN.top + plotH + 10;
    parts.push(
      `<text x="${round(lx)}" y="${ly}" font-size="10" text-anchor="end" transform="rotate(-40 ${round(lx)} ${ly})">${escapeHtml(
        shortLabel(label),
      )}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
