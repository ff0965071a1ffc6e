import { evaluatePolicy } from '../gate/evaluate.js';
import { parsePolicy } from '../gate/policy.js';
import type { LoadedMetrics } from '../metrics/metrics-file.js';
import { renderGateMarkdown } from './gate-markdown.js';

const metrics = (m: Record<string, unknown>, source = 'metrics.json'): LoadedMetrics => ({
  source,
  structured: false,
  metrics: m,
});

test('the gate table shows 4 significant digits, more only where the limit needs them', () => {
  const policy = parsePolicy(
    'rules: [{metric: accuracy, min: 0.8}, {metric: accuracy, max-drop: 0.01}, {metric: f1, min: 0.8}, {metric: latency, max: 250}]',
    'p',
  );
  const result = evaluatePolicy(
    policy,
    metrics({ accuracy: 0.8767123287671232, f1: 0.79996, latency: 10.0931 + 1e-12 }),
    metrics({ accuracy: 0.8136986301369863 }, 'base.json'),
  );
  const md = renderGateMarkdown(result, { title: 'Gate', metrics: metrics({}) });
  expect(md).toContain('| accuracy | 0.8767 | 0.8137 | +0.06301 | ≥ 0.8 |');
  expect(md).toContain('| latency | 10.09 |');
  // 0.79996 would print as 0.8 next to "≥ 0.8" and a failed verdict: shown with 6 digits
  expect(md).toContain('| f1 | 0.79996 |');
  expect(md).not.toMatch(/\d\.\d{7,}/);
});
