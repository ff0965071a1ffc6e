import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitHubEmulator } from '../emulators/github/index.js';
import { gateFixtures } from '../fixtures/stats/gate-fixtures.js';
import { GATE_REPO, openGatePr, runGateOnPr, type GateOnPr } from '../harness/gate-on-pr.js';
import { REPO_ROOT } from '../harness/run-action.js';

/** Issue 13 on the gate bundle: missing baselines, other data, lower-is-better, significance. */

const REPO = GATE_REPO;

const smokeMetrics = (metrics: Record<string, unknown>, sha256: string, predictions?: string) => ({
  schema: 'ml-actions/metrics@1',
  model: { name: 'weather', version: '1.4.0' },
  dataset: { path: 'data/sample.csv', rows: 400, sha256 },
  metrics,
  checks: [{ name: 'finite-outputs', status: 'pass' }],
  ...(predictions ? { predictions } : {}),
});

/** A predictions.jsonl as smoke-test writes it, from class indices. */
function predictionsJsonl(truth: number[], predicted: number[], classes: string[]): string {
  return (
    truth
      .map((t, i) => {
        const p = predicted[i];
        const probabilities = classes.map((_, k) => (k === p ? 0.8 : 0.2 / (classes.length - 1)));
        return JSON.stringify({
          row: i + 1,
          id: `day-${i}`,
          prediction: classes[p],
          probabilities,
          label: classes[t],
          correct: t === p,
          output: probabilities,
        });
      })
      .join('\n') + '\n'
  );
}

describe('gate bundle, issue 13', () => {
  let gh: GitHubEmulator;
  let pr: number;
  beforeEach(async () => ({ gh, pr } = await openGatePr()));
  afterEach(() => gh.stop());
  const onPr: GateOnPr = (files, inputs, extra) => runGateOnPr({ gh, pr }, files, inputs, extra);

  it('warns in the summary, the comment, an annotation and the report when the baseline is on other data', async () => {
    // The candidate's dataset hash is 'aa…'; the baseline's is `hashChar` repeated.
    const againstBaselineOn = (hashChar: string) =>
      onPr(
        {
          'm.json': smokeMetrics({ accuracy: 0.93 }, 'aa'.repeat(32)),
          'base.json': smokeMetrics({ accuracy: 0.935 }, hashChar.repeat(64)),
        },
        {
          metrics: 'm.json',
          baseline: 'base.json',
          policy: 'rules: [{metric: accuracy, max-drop: 0.01}]',
        },
      );
    const run = await againstBaselineOn('b');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(
      /^The baseline 'base\.json' was measured on other data than the candidate \(dataset sha256 bbbbbbbbbbbb… vs aaaaaaaaaaaa…\)/,
    );
    expect(run.summary).toContain('⚠️ **Warning:** The baseline');
    expect(gh.comments(REPO, pr)[0].body).toContain('⚠️ **Warning:** The baseline');
    expect(
      run.annotations.some((a) => a.level === 'warning' && a.message.includes('other data')),
    ).toBe(true);

    // Same data: no warning.
    const same = await againstBaselineOn('a');
    expect(JSON.parse(await fs.readFile(same.outputs.report, 'utf8')).warnings).toEqual([]);
    expect(same.summary).not.toContain('Warning:');
  });

  it('holds lower-is-better metrics with max-increase and max-increase-pct', async () => {
    const run = await onPr(
      {
        'm.json': { latency_ms_p95: 26, log_loss: 0.31 },
        'base.json': { latency_ms_p95: 20, log_loss: 0.3 },
      },
      {
        metrics: 'm.json',
        baseline: 'base.json',
        policy:
          'rules:\n  - metric: latency_ms_p95\n    max-increase-pct: 10\n  - metric: log_loss\n    max-increase: 0.05\n',
      },
    );
    expect(run.exitCode).toBe(1);
    const failed = JSON.parse(run.outputs['failed-rules']);
    expect(failed).toEqual([
      expect.objectContaining({
        metric: 'latency_ms_p95',
        kind: 'max-increase-pct',
        reason: 'increase 30% from baseline 20 > max-increase-pct 10%',
      }),
    ]);
    expect(run.summary).toContain(
      '| latency\\_ms\\_p95 | 26 | 20 | +30% | increase ≤ 10% | ❌ fail |',
    );
    expect(run.summary).toContain(
      '| log\\_loss | 0.31 | 0.3 | +0.01 | increase ≤ 0.05 | ✅ pass |',
    );
  });

  describe('significance-aware rules', () => {
    const fx = gateFixtures().classification;
    const files = {
      'out/metrics.json': smokeMetrics(
        { accuracy: fx.accuracy.candidate },
        'cc'.repeat(32),
        'predictions.jsonl',
      ),
      'out/predictions.jsonl': predictionsJsonl(fx.truth, fx.candidate, fx.classes),
      'prod/metrics.json': smokeMetrics({ accuracy: fx.accuracy.baseline }, 'cc'.repeat(32)),
      'prod/predictions.jsonl': predictionsJsonl(fx.truth, fx.baseline, fx.classes),
    };

    it('uses the bootstrap interval for min and exact McNemar for max-drop, shown in the comment', async () => {
      const policy = [
        'rules:',
        '  - metric: accuracy',
        `    min: ${fx.accuracy.candidate}`,
        '    confidence: 0.95',
        '  - metric: accuracy',
        '    max-drop: 0.01',
        '    confidence: 0.95',
      ].join('\n');
      const run = await onPr(files, {
        metrics: 'out/metrics.json',
        baseline: 'prod/metrics.json',
        'baseline-predictions': 'prod/predictions.jsonl',
        policy,
      });
      const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
      const [min, drop] = report.checks;
      expect(min).toMatchObject({
        kind: 'min',
        verdict: 'warn',
        confidence: 0.95,
        test: 'bootstrap',
      });
      expect(min.interval[0]).toBeLessThan(fx.accuracy.candidate);
      expect(min.interval[1]).toBeGreaterThan(fx.accuracy.candidate);
      expect(drop).toMatchObject({ kind: 'max-drop', test: 'mcnemar' });
      expect(drop.pValue).toBeCloseTo(fx.mcnemar.p_value, 12);
      const significant = fx.mcnemar.p_value < 0.05;
      expect(drop.verdict).toBe(significant ? 'fail' : 'warn');
      expect(run.exitCode).toBe(significant ? 1 : 0);
      expect(run.summary).toContain('| Interval, p-value |');
      const body = gh.comments(REPO, pr)[0].body;
      expect(body).toMatch(/\| Δ \[-?[0-9.]+, -?[0-9.]+\] \(95%\), p = [0-9.e-]+ \|/);
      expect(body).toMatch(/\| \[0\.\d+, 0\.\d+\] \(95%\) \|/);
    });

    it('refuses confidence when no predictions file is known, naming the input', async () => {
      const run = await onPr(
        { 'm.json': { accuracy: 0.9 } },
        { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.8, confidence: 0.95}]' },
      );
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(
        /::error::Input 'predictions': policy rule 1 \(accuracy\) sets confidence/,
      );
    });

    it('refuses baseline predictions on other rows', async () => {
      const run = await onPr(
        {
          ...files,
          'prod/predictions.jsonl': predictionsJsonl(
            fx.truth.slice(0, 100),
            fx.baseline.slice(0, 100),
            fx.classes,
          ),
        },
        {
          metrics: 'out/metrics.json',
          baseline: 'prod/metrics.json',
          'baseline-predictions': 'prod/predictions.jsonl',
          policy: 'rules: [{metric: accuracy, max-drop: 0.01, confidence: 0.95}]',
        },
      );
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(
        /::error::Input 'baseline-predictions': 'prod\/predictions\.jsonl' does not hold the same labeled rows/,
      );
    });

    it('gives the worked example of docs/gate.md: its policy, its table rows', async () => {
      const docs = await fs.readFile(path.join(REPO_ROOT, 'docs', 'gate.md'), 'utf8');
      const example = docs.slice(docs.indexOf('### Worked example'));
      const policy = /```yaml\n# \.github\/ml-policy\.yml\n([\s\S]*?)```/.exec(example)![1];
      const rows = example.split('\n').filter((l) => /^\| (accuracy|per_class)/.test(l));
      expect(rows).toHaveLength(3);
      const rainRecall = (predicted: number[]) => {
        const rain = fx.classes.indexOf('rain');
        const of = fx.truth.flatMap((t, i) => (t === rain ? [predicted[i] === rain] : []));
        return of.filter(Boolean).length / of.length;
      };
      const withRecall = (accuracy: number, predicted: number[]) => ({
        accuracy,
        per_class: { rain: { recall: rainRecall(predicted) } },
      });
      const run = await onPr(
        {
          ...files,
          'out/metrics.json': smokeMetrics(
            withRecall(fx.accuracy.candidate, fx.candidate),
            'cc'.repeat(32),
            'predictions.jsonl',
          ),
          'prod/metrics.json': smokeMetrics(
            withRecall(fx.accuracy.baseline, fx.baseline),
            'cc'.repeat(32),
          ),
        },
        {
          metrics: 'out/metrics.json',
          baseline: 'prod/metrics.json',
          'baseline-predictions': 'prod/predictions.jsonl',
          policy,
        },
      );
      // The docs show the rows as rendered: without markdown escapes.
      const rendered = run.summary
        .split('\n')
        .map((l) => l.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1').replace(/&gt;/g, '>'));
      for (const row of rows) expect(rendered).toContain(row);
    });
  });
});
