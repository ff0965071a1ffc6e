import { escapeHtml } from './escape.js';
import { formatSignificant } from './format-number.js';
import type { BarChart } from './mermaid-xychart.js';

const BAR_COLOR = '#4c78a8';
const LINE_COLOR = '#e45756';

function round(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function shortLabel(label: string, max = 18): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * The same bar chart as mermaidBarChart, drawn as an inline SVG (for HTML pages, where no
 * mermaid runtime is available): title, y axis with its top value, one bar per label with its
 * value, an optional reference line. The margins leave room for the rotated labels, so none is
 * cut at the edges. Every label is HTML-escaped.
 */
export function svgBarChart(chart: BarChart, width = 640): string {
  const labels = chart.labels.map((l) => shortLabel(l));
  const longest = Math.max(1, ...labels.map((l) => l.length));
  // Rotated 40°: a label of n characters (≈6 px each at font-size 10) spans cos/sin of its length.
  const labelSpan = longest * 6;
  const n = Math.max(1, chart.values.length);
  const slot0 = (width - 60) / n;
  const margin = {
    top: 30,
    right: 16,
    bottom: Math.ceil(labelSpan * Math.sin((40 * Math.PI) / 180)) + 18,
    left: Math.max(56, Math.ceil(labelSpan * Math.cos((40 * Math.PI) / 180) - slot0 / 2) + 8),
  };
  const height = 150 + margin.top + margin.bottom;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const values = chart.values.map((v) =>
    Number.isFinite(v) ? (chart.cap !== undefined ? Math.min(v, chart.cap) : v) : 0,
  );
  const top = Math.max(chart.reference ?? 0, ...values) * 1.1 || 1;
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.6);
  const y = (v: number) => margin.top + plotH - (Math.max(0, v) / top) * plotH;
  const base = margin.top + plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="600">${escapeHtml(chart.title)}</text>`,
    `<text x="12" y="${round(margin.top + plotH / 2)}" text-anchor="middle" font-size="10" transform="rotate(-90 12 ${round(margin.top + plotH / 2)})">${escapeHtml(shortLabel(chart.yLabel, 30))}</text>`,
    `<line x1="${margin.left}" y1="${base}" x2="${width - margin.right}" y2="${base}" stroke="#888"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${base}" stroke="#888"/>`,
    `<text x="${margin.left - 4}" y="${margin.top + 4}" text-anchor="end" font-size="10">${formatSignificant(top, 3)}</text>`,
    `<text x="${margin.left - 4}" y="${base}" text-anchor="end" font-size="10">0</text>`,
  ];
  values.forEach((v, i) => {
    const x = margin.left + i * slot + (slot - barW) / 2;
    const capped = chart.values[i] !== v;
    parts.push(
      `<g><title>${escapeHtml(chart.labels[i] ?? '')}: ${escapeHtml(formatSignificant(chart.values[i], 4))}${capped ? ' (capped)' : ''}</title>` +
        `<rect x="${round(x)}" y="${round(y(v))}" width="${round(barW)}" height="${round(base - y(v))}" fill="${BAR_COLOR}"/></g>`,
    );
    if (slot >= 22) {
      parts.push(
        `<text x="${round(x + barW / 2)}" y="${round(y(v) - 3)}" text-anchor="middle" font-size="9">${escapeHtml(formatSignificant(chart.values[i], 3))}</text>`,
      );
    }
    const lx = margin.left + (i + 0.5) * slot;
    const ly = base + 12;
    parts.push(
      `<text x="${round(lx)}" y="${ly}" font-size="10" text-anchor="end" transform="rotate(-40 ${round(lx)} ${ly})">${escapeHtml(labels[i] ?? '')}</text>`,
    );
  });
  if (chart.reference !== undefined) {
    const ry = round(y(chart.reference));
    parts.push(
      `<line x1="${margin.left}" y1="${ry}" x2="${width - margin.right}" y2="${ry}" stroke="${LINE_COLOR}" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
