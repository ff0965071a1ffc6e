import { promises as fs } from 'node:fs';
import { GitHubEmulator, TOKENS, MAX_BODY_LENGTH } from '../emulators/github/index.js';
import { pullRequestEvent, pushEvent } from '../harness/events.js';
import { GATE_REPO, openGatePr, runGateOnPr, type GateOnPr } from '../harness/gate-on-pr.js';
import type { RunActionOptions } from '../harness/run-action.js';

const REPO = GATE_REPO;
const [owner, repo] = REPO.split('/');

const POLICY = `rules:
  - metric: accuracy
    min: 0.90
  - metric: latency_ms_p95
    max: 50
  - metric: accuracy
    max-drop: 0.01
  - metric: f1_macro
    max-drop-pct: 2
    severity: warning
`;

const GOOD = {
  schema: 'ml-actions/metrics@1',
  model: { name: 'weather', version: '1.4.0', digest: 'sha256:' + 'ab'.repeat(32) },
  dataset: { path: 'data/sample.csv', rows: 500, sha256: 'cd'.repeat(32) },
  metrics: { accuracy: 0.93, f1_macro: 0.91, latency_ms_p95: 4.2 },
  checks: [{ name: 'finite-outputs', status: 'pass' }],
};
const BASELINE = { accuracy: 0.935, f1_macro: 0.9, latency_ms_p95: 5 };

describe('gate action (dist/gate/index.js)', () => {
  let gh: GitHubEmulator;
  let pr: number;

  beforeEach(async () => ({ gh, pr } = await openGatePr()));
  afterEach(() => gh.stop());
  const onPr: GateOnPr = (files, inputs, extra) => runGateOnPr({ gh, pr }, files, inputs, extra);

  it('passes a good model: exit 0, outputs, report file, summary and one sticky comment', async () => {
    const run = await onPr(
      { 'metrics.json': GOOD, 'baseline.json': BASELINE, 'policy.yml': POLICY },
      { metrics: 'metrics.json', baseline: 'baseline.json', policy: 'policy.yml' },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(JSON.parse(run.outputs['failed-rules'])).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.schema).toBe('ml-actions/gate-report@1');
    expect(report.checks).toHaveLength(4);
    const drop = report.checks.find((c: { kind: string }) => c.kind === 'max-drop');
    expect(drop).toMatchObject({ value: 0.93, baseline: 0.935, limit: 0.01, verdict: 'pass' });
    expect(drop.delta).toBeCloseTo(-0.005, 12);
    expect(report.checks.find((c: { kind: string }) => c.kind === 'max-drop-pct').verdict).toBe(
      'pass',
    );

    expect(run.summary).toContain('Model quality gate: passed');
    expect(run.summary).toContain('| accuracy | 0.93 | 0.935 | −0.005 | drop ≤ 0.01 | ✅ pass |');
    const comments = gh.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith('<!-- ml-actions:gate:gate -->')).toBe(true);
    expect(comments[0].user.login).toBe('github-actions[bot]');
    expect(run.outputs['comment-url']).toBe(
      `https://github.com/${REPO}/issues/${pr}#issuecomment-${comments[0].id}`,
    );
  });

  it('fails a worse model with exit 1, the failed rules and error annotations', async () => {
    const worse = { ...GOOD, metrics: { accuracy: 0.88, f1_macro: 0.8, latency_ms_p95: 70 } };
    const run = await onPr(
      { 'metrics.json': worse, 'baseline.json': BASELINE },
      { metrics: 'metrics.json', baseline: 'baseline.json', policy: POLICY },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe('false');
    const failed = JSON.parse(run.outputs['failed-rules']);
    expect(failed.map((f: { metric: string; kind: string }) => `${f.metric}:${f.kind}`)).toEqual([
      'accuracy:min',
      'latency_ms_p95:max',
      'accuracy:max-drop',
    ]);
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'accuracy: 0.88 < min 0.9',
        'latency_ms_p95: 70 > max 50',
        expect.stringMatching(/^accuracy: drop 0.055 from baseline 0.935 > max-drop 0.01$/),
      ]),
    );
    // The warning rule is reported, never fails.
    expect(
      run.annotations.some((a) => a.level === 'warning' && a.message.startsWith('f1_macro')),
    ).toBe(true);
    expect(run.stdout).toMatch(/::error::Model quality gate failed: accuracy 0.88 < min 0.9; /);
    expect(run.summary).toContain('❌ fail');
  });

  it('with fail-on: never reports the failure but exits 0', async () => {
    const run = await onPr(
      { 'metrics.json': { accuracy: 0.5 } },
      {
        metrics: 'metrics.json',
        policy: 'rules: [{metric: accuracy, min: 0.9}]',
        'fail-on': 'never',
      },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe('false');
  });

  it('fails a max-drop rule without a baseline by default (issue 13)', async () => {
    const run = await onPr(
      { 'metrics.json': { accuracy: 0.95 } },
      { metrics: 'metrics.json', policy: 'rules: [{metric: accuracy, max-drop: 0.01}]' },
    );
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.checks[0]).toMatchObject({
      verdict: 'fail',
      reason: 'no baseline given (give a baseline, or set on-missing-baseline: skip)',
    });
    expect(run.stdout).toContain(
      '::error::Model quality gate failed: accuracy no baseline given (give a baseline, or set on-missing-baseline: skip).',
    );
    expect(run.summary).toContain('❌ fail: no baseline given');
  });

  it('skips max-drop rules without a baseline with on-missing-baseline: skip, never passes them', async () => {
    const run = await onPr(
      { 'metrics.json': { accuracy: 0.95 } },
      {
        metrics: 'metrics.json',
        policy: 'on-missing-baseline: skip\nrules: [{metric: accuracy, max-drop: 0.01}]',
      },
    );
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.checks[0]).toMatchObject({ verdict: 'skip', reason: 'no baseline given' });
    expect(report.counts).toEqual({ pass: 0, fail: 0, warn: 0, skip: 1 });
    expect(run.summary).toContain('⏭️ skipped');
  });

  it('fails when the metrics file reports a failed check', async () => {
    const broken = {
      ...GOOD,
      checks: [{ name: 'finite-outputs', status: 'fail', detail: '3 NaN outputs' }],
    };
    const run = await onPr(
      { 'm.json': broken },
      { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.5}]' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('check finite-outputs failed');
  });

  it('finds its comment on page 2 of 150 and edits it in place across runs', async () => {
    for (let i = 0; i < 40; i++) gh.addComment(REPO, pr, `review comment ${i}`);
    const files = { 'metrics.json': GOOD, 'baseline.json': BASELINE };
    const inputs = { metrics: 'metrics.json', baseline: 'baseline.json', policy: POLICY };
    await onPr(files, inputs);
    for (let i = 40; i < 149; i++) gh.addComment(REPO, pr, `review comment ${i}`);
    const ours = gh.comments(REPO, pr).filter((c) => c.body.includes('ml-actions:gate'));
    expect(ours).toHaveLength(1);
    // 41st of 150 comments: beyond the default first page of 30.
    expect(gh.comments(REPO, pr).indexOf(ours[0])).toBe(40);

    const worse = { ...GOOD, metrics: { ...GOOD.metrics, accuracy: 0.8 } };
    const second = await onPr({ ...files, 'metrics.json': worse }, inputs);
    expect(second.exitCode).toBe(1);
    const after = gh.comments(REPO, pr).filter((c) => c.body.includes('ml-actions:gate'));
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(ours[0].id);
    expect(after[0].body).toContain('failed');
    expect(gh.comments(REPO, pr)).toHaveLength(150);
    expect(second.outputs['comment-url']).toContain(`#issuecomment-${ours[0].id}`);

    // A third run with the same result leaves the comment untouched.
    const before = gh.requests.length;
    await onPr({ ...files, 'metrics.json': worse }, inputs);
    const patches = gh.requests
      .slice(before)
      .filter((r) => r.method === 'PATCH' || r.method === 'POST');
    expect(patches.filter((r) => r.path !== '/graphql')).toEqual([]);
  });

  it('keeps separate comments for separate comment-keys', async () => {
    const files = { 'metrics.json': GOOD };
    await onPr(files, {
      metrics: 'metrics.json',
      policy: 'rules: [{metric: accuracy, min: 0.9}]',
      'comment-key': 'offline',
    });
    await onPr(files, {
      metrics: 'metrics.json',
      policy: 'rules: [{metric: latency_ms_p95, max: 10}]',
      'comment-key': 'latency',
    });
    await onPr(files, {
      metrics: 'metrics.json',
      policy: 'rules: [{metric: accuracy, min: 0.91}]',
      'comment-key': 'offline',
    });
    const bodies = gh.comments(REPO, pr).map((c) => c.body.split('\n')[0]);
    expect(bodies).toEqual([
      '<!-- ml-actions:gate:offline -->',
      '<!-- ml-actions:gate:latency -->',
    ]);
    expect(gh.comments(REPO, pr)[0].body).toContain('≥ 0.91');
  });

  it('never edits comments written by someone else, even when they carry the marker', async () => {
    gh.addComment(REPO, pr, '<!-- ml-actions:gate:gate -->\nquoted by a human');
    const run = await onPr(
      { 'm.json': GOOD },
      { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
    );
    expect(run.exitCode).toBe(0);
    const comments = gh.comments(REPO, pr);
    expect(comments).toHaveLength(2);
    expect(comments[0].body).toContain('quoted by a human');
    expect(comments[1].user.login).toBe('github-actions[bot]');
  });

  it('with a personal access token, recognises its own comments by the user login', async () => {
    const inputs = { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' };
    await onPr({ 'm.json': GOOD }, inputs, { token: TOKENS.pat });
    await onPr({ 'm.json': { accuracy: 0.95 } }, inputs, { token: TOKENS.pat });
    const comments = gh.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0].user.login).toBe('octocat');
    expect(comments[0].body).toContain('| accuracy | 0.95 |');
  });

  it('survives a 500 and a rate limit with exactly one comment', async () => {
    gh.injectFault({ status: 500, method: 'POST', path: /\/comments$/ });
    gh.injectRateLimit({
      kind: 'secondary',
      method: 'POST',
      path: /\/comments$/,
      retryAfterSeconds: 1,
    });
    gh.injectRateLimit({
      kind: 'primary',
      method: 'GET',
      path: /\/comments$/,
      retryAfterSeconds: 1,
    });
    const run = await onPr(
      { 'm.json': GOOD },
      { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
    );
    expect(run.exitCode).toBe(0);
    expect(gh.comments(REPO, pr)).toHaveLength(1);
    expect(run.outputs['comment-url']).not.toBe('');
    const commentPosts = gh.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/comments'),
    );
    expect(commentPosts.map((r) => r.status)).toEqual([429, 500, 201]);
  });

  it('on a fork PR with a read-only token warns, writes the summary and still fails on the policy', async () => {
    const run = await onPr(
      { 'm.json': { accuracy: 0.7 } },
      { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
      { token: TOKENS.readOnly, event: pullRequestEvent({ owner, repo }, pr, { fork: true }) },
    );
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('Model quality gate: failed');
    const warning = run.annotations.find(
      (a) => a.level === 'warning' && a.message.includes('Could not comment'),
    );
    expect(warning?.message).toContain('Resource not accessible by integration');
    expect(warning?.message).toContain('read-only');
    expect(gh.comments(REPO, pr)).toHaveLength(0);
    expect(run.outputs['comment-url']).toBe('');
  });

  it('comments only on pull requests with comment: auto, and never with comment: never', async () => {
    const files = { 'm.json': GOOD };
    const inputs = { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' };
    const push = await onPr(files, inputs, {
      eventName: 'push',
      event: pushEvent({ owner, repo }),
    });
    expect(push.exitCode).toBe(0);
    expect(push.summary).toContain('passed');
    await onPr(files, { ...inputs, comment: 'never' });
    expect(gh.comments(REPO, pr)).toHaveLength(0);
    expect(gh.requests.filter((r) => r.path.includes('/comments'))).toHaveLength(0);
  });

  it('escapes hostile metric names and titles in the summary and the comment', async () => {
    const hostile = '<img src=x onerror=alert(1)>|[x](http://evil)';
    const run = await onPr(
      {
        'm.json': { [hostile]: 0.5 },
        'p.yml': `rules:\n  - metric: ${JSON.stringify(hostile)}\n    min: 0.1\n`,
      },
      { metrics: 'm.json', policy: 'p.yml', title: '**bold** @here <b>' },
    );
    expect(run.exitCode).toBe(0);
    for (const text of [run.summary, gh.comments(REPO, pr)[0].body]) {
      expect(text).not.toContain('<img');
      expect(text).not.toContain('<b>');
      expect(text).not.toContain('](http');
      expect(text).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\[x\\]\\(http://evil\\)');
      expect(text).toContain('@\u200bhere');
    }
  });

  it("keeps the comment under GitHub's 65,536-character limit", async () => {
    const metrics: Record<string, number> = {};
    const rules: string[] = [];
    for (let i = 0; i < 900; i++) {
      const name = `metric_${i}_${'x'.repeat(60)}`;
      metrics[name] = 1;
      rules.push(`  - metric: ${name}\n    min: 0.5`);
    }
    const run = await onPr(
      { 'm.json': metrics, 'p.yml': `rules:\n${rules.join('\n')}\n` },
      { metrics: 'm.json', policy: 'p.yml' },
    );
    expect(run.exitCode).toBe(0);
    const [comment] = gh.comments(REPO, pr);
    expect(comment.body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(comment.body).toContain('Truncated');
    expect(comment.body).toContain(
      'job summary of https://github.com/ml-team/models/actions/runs/4242',
    );
    expect(run.summary).toContain('metric\\_899');
  });

  describe('bad input gets one clear line', () => {
    const cases: Array<[string, Record<string, unknown>, RunActionOptions['inputs'], RegExp]> = [
      [
        'malformed YAML',
        { 'm.json': GOOD, 'p.yml': 'rules:\n  - metric: accuracy\n    min: [0.9\n' },
        { metrics: 'm.json', policy: 'p.yml' },
        /Input 'policy': p\.yml: is not valid YAML at line \d+/,
      ],
      [
        'a missing metrics file',
        {},
        { metrics: 'nope.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
        /Input 'metrics': file 'nope\.json' does not exist/,
      ],
      [
        'a non-numeric metric',
        { 'm.json': { accuracy: 'high' } },
        { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
        /Input 'metrics': metric 'accuracy' \(policy rule 1\) in 'm\.json' is not a finite number: got "high"/,
      ],
      [
        'a metric the file lacks',
        { 'm.json': GOOD },
        { metrics: 'm.json', policy: 'rules: [{metric: acuracy, min: 0.9}]' },
        /names metric 'acuracy', which 'm\.json' does not have; metrics in the file: accuracy, f1_macro, latency_ms_p95/,
      ],
      [
        'a typo in a rule key',
        { 'm.json': GOOD },
        { metrics: 'm.json', policy: 'rules: [{metric: accuracy, mni: 0.9}]' },
        /rule 1 has unknown key\(s\) 'mni'/,
      ],
      [
        'a policy file that does not exist',
        { 'm.json': GOOD },
        { metrics: 'm.json', policy: 'policies/gate.yml' },
        /Input 'policy': file 'policies\/gate\.yml' does not exist/,
      ],
      [
        'invalid JSON in the metrics file',
        { 'm.json': '{"accuracy": 0.9,' },
        { metrics: 'm.json', policy: 'rules: [{metric: accuracy, min: 0.9}]' },
        /Input 'metrics': file 'm\.json' is not valid JSON/,
      ],
      [
        'a bad comment input',
        { 'm.json': GOOD },
        {
          metrics: 'm.json',
          policy: 'rules: [{metric: accuracy, min: 0.9}]',
          comment: 'sometimes',
        },
        /Input 'comment': expected one of auto, always, never, got 'sometimes'/,
      ],
      [
        'a pull-request that is not a number',
        { 'm.json': GOOD },
        {
          metrics: 'm.json',
          policy: 'rules: [{metric: accuracy, min: 0.9}]',
          'pull-request': '12; rm -rf /',
        },
        /Input 'pull-request': expected a number, got '12; rm -rf \/'/,
      ],
      [
        'a missing required input',
        {},
        { policy: 'rules: [{metric: accuracy, min: 0.9}]' },
        /Input 'metrics': is required/,
      ],
    ];
    it.each(cases)('%s', async (_name, files, inputs, message) => {
      const run = await onPr(files, inputs);
      expect(run.exitCode).toBe(1);
      const errors = run.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(message);
      expect(errors[0].message).not.toContain('\n'); // one line, no stack trace
      expect(run.stdout).not.toMatch(/\s+at \S+ \(/);
      expect(gh.comments(REPO, pr)).toHaveLength(0);
    });
  });
});
