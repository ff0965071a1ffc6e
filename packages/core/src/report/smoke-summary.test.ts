import { renderSmokeSummary } from './smoke-summary.js';

test('metrics in the smoke summary have 4 significant digits, counts stay exact', () => {
  const md = renderSmokeSummary({
    passed: true,
    checks: [{ name: 'finite', status: 'pass', detail: 'all finite' }],
    metrics: { accuracy: 0.8219178082191781, latency_ms_p95: 3.9587620999999045, rows: 365 },
    metricsFile: 'metrics.json',
    rows: 365,
    backend: 'wasm',
    task: 'classification',
    model: { name: 'weather', version: '1.0.0' },
  });
  expect(md).toContain('| `accuracy` | 0.8219 |');
  expect(md).toContain('| `latency_ms_p95` | 3.959 |');
  expect(md).toContain('| `rows` | 365 |');
  expect(md).not.toMatch(/\d\.\d{5,}/);
});
