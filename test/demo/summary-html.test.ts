import { mermaidBarChart } from '../../packages/core/src/report/mermaid-xychart.js';
import { parseMermaidBarChart, summaryHtml } from '../../scripts/demo/summary-html.js';

test('a job summary becomes HTML: tables, details kept, mermaid drawn as SVG', () => {
  const chart = {
    title: 'PSI',
    yLabel: 'score',
    labels: ['temp_max', 'wind'],
    values: [0.5, 0.01],
    reference: 0.2,
  };
  const md = [
    '## Gate passed: weather 1\\.0\\.0',
    '',
    '| metric | value |',
    '|---|---:|',
    '| it&#39;s | 0.8219 |',
    '',
    mermaidBarChart(chart),
    '',
    '<details><summary>More</summary>',
    '',
    'text',
    '',
    '</details>',
  ].join('\n');
  const html = summaryHtml(md);
  expect(html).toContain('<h2>Gate passed: weather 1.0.0</h2>');
  expect(html).toMatch(/<table>[\s\S]*<td align="right">0.8219<\/td>/);
  expect(html).toContain('<details><summary>More</summary>');
  expect(html).toMatch(/<figure class="chart"><svg [^>]*aria-label="PSI"/);
  expect(html).not.toMatch(/```|xychart-beta|&amp;#39;/);
  expect(parseMermaidBarChart(mermaidBarChart(chart).split('\n').slice(1, -1).join('\n'))).toEqual(
    chart,
  );
});

test('markup other than the plain tags of the renderers is shown as text', () => {
  const html = summaryHtml(
    '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nhi <a href="javascript:x">a</a> <!-- c -->\n\n<details open x="1">',
  );
  expect(html).not.toMatch(/<script|<img|<a |<!--|<details open x/);
  expect(html).toContain('&lt;script&gt;');
});
