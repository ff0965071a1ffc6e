import { svgBarChart } from './svg-bar-chart.js';
import { svgHistogram } from './svg-histogram.js';

const COS40 = Math.cos((40 * Math.PI) / 180);
const SIN40 = Math.sin((40 * Math.PI) / 180);

/** Rotated x labels (text-anchor end, -40°): each must fit inside the picture at ≈6 px a character. */
function clippedLabels(svg: string): string[] {
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  const clipped: string[] = [];
  for (const m of svg.matchAll(
    /<text x="([\d.]+)" y="([\d.]+)"[^>]*rotate\(-40[^>]*>([^<]*)<\/text>/g,
  )) {
    const [x, y, label] = [Number(m[1]), Number(m[2]), m[3].replace(/&[a-z#0-9]+;/g, '&')];
    const span = label.length * 6;
    if (x - span * COS40 < 0 || x > width || y + span * SIN40 > height) clipped.push(label);
  }
  return clipped;
}

test('bar chart: every label inside the picture, escaped, values rounded', () => {
  const svg = svgBarChart({
    title: 'PSI per <column>',
    yLabel: 'PSI',
    labels: ['a very long column name indeed', 'b', 'precipitation_mm'],
    values: [0.123456789, 2, 1 / 3],
    reference: 0.2,
  });
  expect(svg).toMatch(/^<svg [^>]*>.*<\/svg>$/s);
  expect(svg).toContain('PSI per &lt;column&gt;');
  expect(svg).not.toContain('<column>');
  expect(svg).toContain('>0.123<');
  expect(svg).toContain('stroke-dasharray'); // the reference line
  expect(clippedLabels(svg)).toEqual([]);
});

test('histogram: long bin labels of the first bins are not cut at the left edge', () => {
  const bins = ['-12.345678 – -10.2', '-10.2 – -8.1', '-8.1 – -6', '-6 – -3.9', '-3.9 – 0'];
  const svg = svgHistogram({
    column: 'temp_min',
    bins,
    reference: [0.1, 0.2, 0.3, 0.2, 0.2],
    current: [0.2, 0.2, 0.2, 0.2, 0.2],
  } as Parameters<typeof svgHistogram>[0]);
  expect(clippedLabels(svg)).toEqual([]);
  // many bins: narrow slots, the first label still fits
  const many = Array.from({ length: 30 }, (_, i) => `${i * 1000}.5 – ${(i + 1) * 1000}.5`);
  const wide = svgHistogram({
    column: 'x',
    bins: many,
    reference: many.map(() => 1 / 30),
    current: many.map(() => 1 / 30),
  } as Parameters<typeof svgHistogram>[0]);
  expect(clippedLabels(wide)).toEqual([]);
});
