import { escapeMermaid } from './escape.js';
import { formatSignificant } from './format-number.js';

export interface BarChart {
  title: string;
  yLabel: string;
  labels: string[];
  values: number[];
  /** Drawn as a flat line across the bars (e.g. the threshold). */
  reference?: number;
  /** Bars above this are drawn at it, so one extreme value does not flatten the rest. */
  cap?: number;
}

function formatValue(v: number): string {
  return Number.isFinite(v) ? formatSignificant(v, 4) : '0';
}

/** A mermaid `xychart-beta` bar chart as a fenced block; every label goes through escapeMermaid. */
export function mermaidBarChart(chart: BarChart): string {
  const values = chart.values.map((v) => (chart.cap !== undefined ? Math.min(v, chart.cap) : v));
  const top = Math.max(chart.reference ?? 0, ...values) * 1.1 || 1;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${escapeMermaid(chart.title, 80)}"`,
    `  x-axis [${chart.labels.map((l) => `"${escapeMermaid(l, 24) || '?'}"`).join(', ')}]`,
    `  y-axis "${escapeMermaid(chart.yLabel, 60)}" 0 --> ${formatValue(top)}`,
    `  bar [${values.map(formatValue).join(', ')}]`,
  ];
  if (chart.reference !== undefined) {
    lines.push(`  line [${values.map(() => formatValue(chart.reference!)).join(', ')}]`);
  }
  lines.push('```');
  return lines.join('\n');
}
