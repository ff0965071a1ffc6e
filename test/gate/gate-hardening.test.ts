import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitHubEmulator } from '../emulators/github/index.js';
import { pullRequestEvent } from '../harness/events.js';
import { GATE_REPO, openGatePr, runGateOnPr, type GateOnPr } from '../harness/gate-on-pr.js';
import type { ActionRun, RunActionOptions } from '../harness/run-action.js';
import { writeWorkspace } from '../harness/workspace.js';

/**
 * Issue 17 on the gate bundle: bounded GitHub calls, setup failures as one clear line,
 * code spans shown literally, metric values that JSON cannot carry, concurrent runs that
 * converge on one comment, untrusted text that cannot issue workflow commands.
 */
const REPO = GATE_REPO;
const [owner, repo] = REPO.split('/');
const PASSING = 'rules: [{metric: accuracy, min: 0.9}]';

const warnings = (run: ActionRun) =>
  run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

function expectVerdictWritten(run: ActionRun, passed: boolean): void {
  expect(run.outputs.passed).toBe(String(passed));
  expect(run.outputs.report).toMatch(/gate-report\.json$/);
  expect(JSON.parse(run.outputs['failed-rules'])).toHaveLength(passed ? 0 : 1);
  expect(run.outputs['comment-url']).toBe('');
  expect(run.summary).toContain(`Model quality gate: ${passed ? 'passed' : 'failed'}`);
}

describe('gate hardening (dist/gate/index.js)', () => {
  let gh: GitHubEmulator;
  let pr: number;

  beforeEach(async () => ({ gh, pr } = await openGatePr()));
  afterEach(() => gh.stop());
  const onPr: GateOnPr = (files, inputs, extra) =>
    runGateOnPr({ gh, pr }, files, inputs, { timeoutMs: 60_000, ...extra });

  // No wall-clock assertions: a gate that hung would be killed by the harness (timeoutMs,
  // exit 128) with no outputs; the exit code, outputs and summary show that it ended by itself.
  describe('a GitHub API that accepts the connection and never answers', () => {
    it('is cut off after request-timeout, naming the call; outputs and summary are written', async () => {
      gh.injectHang({ method: 'GET', path: /\/issues\/\d+\/comments$/ });
      const run = await onPr(
        { 'm.json': { accuracy: 0.95 } },
        { metrics: 'm.json', policy: PASSING, 'request-timeout': 2 },
      );
      expect(run.exitCode).toBe(0);
      expectVerdictWritten(run, true);
      const [warning] = warnings(run);
      expect(warning).toBe(
        `Could not comment on PR #${pr}: GitHub did not answer while commenting on PR #${pr}: ` +
          `GET /repos/${REPO}/issues/${pr}/comments did not answer within 2 s (request-timeout). ` +
          `Check ${gh.url} (GitHub status, proxy, GHES host); raise request-timeout or timeout if it is only slow. ` +
          'The verdict is in the job summary.',
      );
      expect(run.stdout).not.toMatch(/please report it/);
    });

    it('ends at the action deadline (timeout) and still fails on the policy with its outputs', async () => {
      gh.injectHang({ count: 100 });
      const run = await onPr(
        { 'm.json': { accuracy: 0.5 } },
        { metrics: 'm.json', policy: PASSING, timeout: 4 },
      );
      expect(run.exitCode).toBe(1);
      expectVerdictWritten(run, false);
      expect(warnings(run)).toEqual([
        expect.stringContaining(
          "GET /user did not answer before the action's deadline (timeout) ran out",
        ),
      ]);
      expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        'accuracy: 0.5 < min 0.9',
        'Model quality gate failed: accuracy 0.5 < min 0.9.',
      ]);
    });
  });

  describe('setup and service failures are one clear line, not "please report it"', () => {
    it('a 5xx after retries names what to check', async () => {
      gh.injectFault({ status: 502, method: 'GET', path: /\/comments$/, count: 10 });
      const run = await onPr(
        { 'm.json': { accuracy: 0.95 } },
        { metrics: 'm.json', policy: PASSING },
      );
      expect(run.exitCode).toBe(0);
      expectVerdictWritten(run, true);
      expect(gh.requests.filter((r) => r.status === 502)).toHaveLength(4); // 1 + 3 retries
      expect(warnings(run)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not comment on PR #${pr}: GitHub answered 502 while commenting on PR #${pr}, also after retries \\(Server Error.*\\): GitHub or .* is failing; see https://www.githubstatus.com`,
          ),
        ),
      ]);
    });

    it('a 401 names the token, and is not blamed on a fork (even on a fork PR)', async () => {
      const run = await onPr(
        { 'm.json': { accuracy: 0.95 } },
        { metrics: 'm.json', policy: PASSING },
        { token: 'ghp_revoked', event: pullRequestEvent({ owner, repo }, pr, { fork: true }) },
      );
      expect(run.exitCode).toBe(0);
      const [warning] = warnings(run);
      expect(warning).toMatch(
        /GitHub refused the token while commenting on PR #\d+ \(401 Bad credentials.*\): the github-token is invalid or expired/,
      );
      expect(warning).not.toMatch(/fork|read-only/);
    });

    it.each([
      [
        'a YAML alias bomb',
        [
          'a: &a [x, x, x, x, x, x, x, x, x]',
          'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
          'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
          'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
          'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
          'rules: [*e]',
        ].join('\n'),
        /^Input 'policy': inline policy: uses YAML aliases \(\*name\) that expand too far/,
      ],
      [
        'rules: *x',
        'rules: *x\n',
        /^Input 'policy': inline policy: is not valid YAML: Unresolved alias .*: x$/,
      ],
    ])('%s in the policy', async (_name, policy, message) => {
      const run = await onPr({ 'm.json': { accuracy: 0.95 } }, { metrics: 'm.json', policy });
      expect(run.exitCode).toBe(1);
      const errors = run.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(message);
      expect(run.stdout).not.toMatch(/please report it|\s+at \S+ \(/);
    });
  });

  describe('metric values JSON cannot carry', () => {
    it.each([
      [
        'a number that overflows to Infinity',
        '{"accuracy": 1e400}',
        /metric 'accuracy' in 'm\.json' is beyond the range of a double/,
      ],
      [
        'a nested one',
        '{"val": {"acc": -1e999}, "accuracy": 0.95}',
        /metric 'val\.acc' in 'm\.json' is beyond the range/,
      ],
      [
        'a numeric string',
        '{"accuracy": "0.95"}',
        /metric 'accuracy' in 'm\.json' is the string "0\.95", not a number; write it without quotes/,
      ],
    ])('%s is a clear error naming the file and key', async (_name, text, message) => {
      const run = await onPr({ 'm.json': text }, { metrics: 'm.json', policy: PASSING });
      expect(run.exitCode).toBe(1);
      const errors = run.annotations.filter((a) => a.level === 'error');
      expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
      expect(errors[0].message).toMatch(/^Input 'metrics': /);
      expect(run.stdout).not.toContain('null');
    });

    it('a string the policy names is refused as a string, not shown as null', async () => {
      const run = await onPr(
        { 'm.json': { accuracy: 'high' } },
        { metrics: 'm.json', policy: PASSING },
      );
      expect(run.exitCode).toBe(1);
      expect(run.annotations.find((a) => a.level === 'error')?.message).toMatch(
        /is not a finite number: got "high" \(a string\)/,
      );
    });
  });

  it('shows names literally in code spans of the comment: _, <img>, backticks', async () => {
    const names = ['<img src=x>', 'a`b', 'ok_metric'];
    const run = await onPr(
      {
        'g_metrics.json': Object.fromEntries(names.map((n) => [n, 0.1])),
        'p.yml': `rules:\n${names.map((n) => `  - metric: ${JSON.stringify(n)}\n    min: 0.5`).join('\n')}\n`,
      },
      { metrics: 'g_metrics.json', policy: 'p.yml' },
    );
    expect(run.exitCode).toBe(1);
    const [comment] = gh.comments(REPO, pr);
    for (const text of [comment.body, run.summary]) {
      expect(text).toContain('**Candidate:** `g_metrics.json`');
      // The reason after the span is markdown text, escaped as such.
      expect(text).toContain('- ❌ `<img src=x>`: 0\\.1 &lt; min 0\\.5');
      expect(text).toContain('- ❌ ``a`b``: 0\\.1 &lt; min 0\\.5');
      expect(text).toContain('- ❌ `ok_metric`: 0\\.1 &lt; min 0\\.5');
      expect(text).not.toMatch(/`[^`\n]*(\\_|&lt;|\\`)[^`\n]*`/); // no escapes inside spans
      // Outside code spans (the table) names stay escaped as markdown.
      expect(text).toContain('| &lt;img src=x&gt; | 0.1 |');
    }
  });

  it('three gate runs at once on one PR converge on ONE comment, the newest run’s', async () => {
    const files = (accuracy: number) => ({ 'm.json': { accuracy } });
    const start = (runId: number, accuracy: number) =>
      onPr(
        files(accuracy),
        { metrics: 'm.json', policy: PASSING },
        {
          env: { GITHUB_RUN_ID: String(runId) },
        },
      );
    const runs = await Promise.all([start(103, 0.93), start(101, 0.91), start(102, 0.92)]);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    let ours = gh.comments(REPO, pr);
    expect(ours).toHaveLength(1);
    expect(ours[0].body.split('\n').slice(0, 2)).toEqual([
      '<!-- ml-actions:gate:gate -->',
      '<!-- ml-actions:run:103.1 -->',
    ]);
    expect(ours[0].body).toContain('| accuracy | 0.93 |');

    // Again, now editing the existing comment in place, and an older run started last.
    const again = await Promise.all([start(106, 0.96), start(105, 0.95), start(104, 0.94)]);
    expect(again.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    ours = gh.comments(REPO, pr);
    expect(ours).toHaveLength(1);
    expect(ours[0].body.split('\n')[1]).toBe('<!-- ml-actions:run:106.1 -->');
    expect(ours[0].body).toContain('| accuracy | 0.96 |');

    // A run older than the comment's leaves it alone.
    const late = await start(100, 0.9);
    expect(late.stdout).toContain('A newer run (run 106, attempt 1) already wrote this comment');
    expect(gh.comments(REPO, pr)[0].body).toContain('| accuracy | 0.96 |');
  });

  it('refuses metrics, policy, baseline and predictions outside the workspace, symlinks included', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-outside-'));
    await fs.writeFile(path.join(outside, 'm.json'), JSON.stringify({ accuracy: 0.95 }));
    await fs.writeFile(path.join(outside, 'policy.yml'), PASSING);
    const files = { 'm.json': { accuracy: 0.95 } };
    const cases: Array<[RunActionOptions['inputs'], string]> = [
      [{ metrics: path.join(outside, 'm.json') }, 'metrics'],
      [{ metrics: 'linked/m.json' }, 'metrics'],
      [{ policy: 'linked/policy.yml' }, 'policy'],
      [{ baseline: path.join(outside, 'm.json') }, 'baseline'],
      [{ predictions: 'linked/m.json' }, 'predictions'],
    ];
    for (const [inputs, input] of cases) {
      const cwd = await writeWorkspace(files, 'gate-ws-');
      await fs.symlink(outside, path.join(cwd, 'linked'));
      const run = await onPr(
        files,
        {},
        { cwd, inputs: { metrics: 'm.json', policy: PASSING, ...inputs } },
      );
      expect(run.exitCode).toBe(1);
      expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        expect.stringMatching(
          new RegExp(`^Input '${input}': '.*' \\(.*\\) is outside the workspace \\(`),
        ),
      ]);
      expect(run.stdout).not.toMatch(/please report it/);
    }
  });

  it('untrusted names cannot issue workflow commands on stdout', async () => {
    const name = 'acc\n::add-mask::0.5\n::error::forged';
    const run = await onPr(
      { 'm.json': { [name]: 0.5 } },
      { metrics: 'm.json', policy: `rules: [{metric: ${JSON.stringify(name)}, min: 0.9}]` },
    );
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split(/\r?\n/);
    expect(lines.filter((l) => /^\s*::add-mask::/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^::error::forged/.test(l))).toEqual([]);
  });
});
