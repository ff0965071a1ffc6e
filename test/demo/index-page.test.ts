import { renderIndex } from '../../scripts/demo/index-page.js';
import type { DemoRun } from '../../scripts/demo/pipeline.js';
import type { StepResult } from '../../scripts/demo/run-cli.js';

/** The demo page on made-up runs: text from files and actions is escaped, failures are shown. */

const hostile = '<script>alert(1)</script>"\'&';

function step(overrides: Partial<StepResult>): StepResult {
  return {
    id: 'gate',
    title: 'gate',
    action: 'gate',
    args: [],
    command: 'npx ml-actions gate',
    exitCode: 0,
    outputs: {},
    summaryFile: 'steps/gate/summary.md',
    summaryText: '',
    logFile: 'steps/gate/log.txt',
    seconds: 0.5,
    errors: [],
    ...overrides,
  };
}

function demoRun(overrides: Partial<DemoRun>): DemoRun {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    seconds: 1,
    backend: 'cpu',
    nodeVersion: 'v20.0.0',
    outDir: '/tmp/x',
    data: [],
    policyFile: 'policy.yml',
    models: [],
    steps: [],
    skipped: [],
    smoke: [],
    drift: [],
    ok: true,
    ...overrides,
  };
}

test('text from actions and data files is escaped, never markup', () => {
  const html = renderIndex(
    demoRun({
      steps: [
        step({
          title: hostile,
          command: `npx ml-actions gate --title '${hostile}'`,
          summaryText: hostile,
        }),
      ],
      gate: {
        reportFile: 'gate/gate-report.json',
        report: {
          passed: false,
          counts: { pass: 0, fail: 1, warn: 0 },
          checks: [
            {
              metric: hostile,
              kind: 'min',
              limit: 0.9,
              severity: 'failure',
              value: 0.5,
              baseline: null,
              delta: null,
              verdict: 'fail',
              reason: hostile,
            },
          ],
        },
      },
      drift: [
        {
          id: 'drift-x',
          title: hostile,
          current: 'data/x.csv',
          reportHtml: 'drift/x "onmouseover=alert(1)/report.html',
          report: {
            drift_share: 1,
            dataset_drift: true,
            reference: { rows: 10 },
            current: { rows: 10 },
            columns: [
              {
                name: hostile,
                type: 'numeric',
                method: 'ks',
                statistic: 0.5,
                p_value: 0.001,
                threshold: 0.05,
                drifted: true,
              },
            ],
          },
        },
      ],
    }),
  );
  expect(html).not.toContain('<script');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  // Link targets are URL-encoded and attribute-escaped: a quote cannot end the href.
  expect(html).toContain('href="drift/x%20%22onmouseover%3Dalert(1)/report.html"');
  expect(html).toMatch(/gate verdict.*failed/s);
});

test('failed and skipped steps are listed under "What did not work"', () => {
  const html = renderIndex(
    demoRun({
      ok: false,
      steps: [
        step({
          title: 'smoke-test weather 1.1.0 on 2014',
          exitCode: 2,
          errors: [
            "ml-actions: smoke-test: the bundle dist/smoke-test/index.js is missing; run 'npm run bundle -- smoke-test'.",
          ],
        }),
      ],
      skipped: [
        { title: 'gate weather 1.1.0 against 1.0.0', reason: 'the candidate smoke test failed' },
      ],
    }),
  );
  const problems = html.slice(html.indexOf('What did not work'), html.indexOf('class="cards"'));
  expect(problems).toContain('smoke-test weather 1.1.0 on 2014</b> failed (exit 2)');
  expect(problems).toContain('the bundle dist/smoke-test/index.js is missing');
  expect(problems).toContain(
    'gate weather 1.1.0 against 1.0.0</b> did not run: the candidate smoke test failed',
  );
  expect(html).toContain('the gate did not run');
});

test('a run where everything worked has no problems box', () => {
  expect(renderIndex(demoRun({ steps: [step({})] }))).not.toContain('What did not work');
});
