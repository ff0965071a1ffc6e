import { Marked } from 'marked';
import type { BarChart } from '@ml-actions/core/report/mermaid-xychart.js';
import { svgBarChart } from '@ml-actions/core/report/svg-bar-chart.js';

/**
 * A job summary (GitHub-flavoured markdown, as the actions write it) as HTML for the demo
 * index. Mermaid charts, which GitHub renders but a local page cannot, are replaced by the same
 * chart as an inline SVG (report/svg-bar-chart.ts). Raw HTML in a summary is limited to the
 * plain tags the renderers use (`<details>`, `<summary>`, `<br>`, …, without attributes other
 * than `open`); comments are dropped and any other markup is shown as text, so a summary can
 * never bring a script or a link into the page.
 */

const ALLOWED_TAG =
  /^<\/?(?:details|summary|br|b|i|em|strong|code|sub|sup|p|ul|ol|li|kbd)(?:\s+open)?\s*\/?>$/i;

function safeHtml(html: string): string {
  return (
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .split(/(<[^>]*>)/)
      // Entities the renderers wrote (&#39;) stay entities; only markup is neutralised.
      .map((part) =>
        part.startsWith('<') && ALLOWED_TAG.test(part)
          ? part
          : part.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      )
      .join('')
  );
}

/** The bar chart of a `xychart-beta` block written by mermaidBarChart, or undefined. */
export function parseMermaidBarChart(source: string): BarChart | undefined {
  if (!/^\s*xychart-beta\b/.test(source)) return undefined;
  const quoted = (text: string) => [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  const list = (text: string) =>
    text
      .split(',')
      .map((v) => Number(v.trim()))
      .filter((v) => Number.isFinite(v));
  const title = /^\s*title\s+"(.*)"\s*$/m.exec(source)?.[1] ?? '';
  const xAxis = /^\s*x-axis\s+\[(.*)\]\s*$/m.exec(source)?.[1];
  const yLabel = /^\s*y-axis\s+"(.*?)"/m.exec(source)?.[1] ?? '';
  const bar = /^\s*bar\s+\[(.*)\]\s*$/m.exec(source)?.[1];
  const line = /^\s*line\s+\[(.*)\]\s*$/m.exec(source)?.[1];
  if (xAxis === undefined || bar === undefined) return undefined;
  const reference = line === undefined ? undefined : list(line)[0];
  return { title, yLabel, labels: quoted(xAxis), values: list(bar), reference };
}

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      if (lang === 'mermaid') {
        const chart = parseMermaidBarChart(text);
        if (chart) return `<figure class="chart">${svgBarChart(chart)}</figure>\n`;
      }
      return false; // marked's own rendering
    },
    html({ text }) {
      return safeHtml(text);
    },
  },
});

export function summaryHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
