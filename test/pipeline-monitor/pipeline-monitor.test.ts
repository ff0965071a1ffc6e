import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { actionsApi, type ActionsApi, type GitHubEmulator } from '../emulators/github/index.js';
import type { RunActionOptions } from '../harness/run-action.js';
import {
  closeScheduledBench,
  openScheduledBench,
  runScheduled,
  SCHEDULED_REPO,
} from '../harness/scheduled-run.js';
import type { PipelineReport } from '../../packages/core/src/pipeline/report-types.js';

/**
 * pipeline-monitor as a scheduled job runs it: the bundled action against the GitHub emulator
 * seeded with run, job and deployment histories (`node scripts/bundle.mjs pipeline-monitor`).
 */

const REPOSITORY = SCHEDULED_REPO;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let gh: GitHubEmulator;
let api: ActionsApi;
let workspace: string;

beforeEach(async () => {
  ({ gh, workspace } = await openScheduledBench('pipeline-monitor-'));
  api = actionsApi(gh);
});
afterEach(() => closeScheduledBench({ gh, workspace }));

const monitor = (inputs: RunActionOptions['inputs'], extra: Partial<RunActionOptions> = {}) =>
  runScheduled(
    'pipeline-monitor',
    { gh, workspace },
    { environments: '', alert: 'none', ...inputs },
    extra,
  );

async function readReport(outputs: Record<string, string>): Promise<PipelineReport> {
  return JSON.parse(await fs.readFile(outputs.report, 'utf8')) as PipelineReport;
}

/** A small deterministic generator (LCG) so the seeded histories are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sha = (n: number) => n.toString(16).padStart(40, '0');
const ago = (ms: number) => new Date(Date.now() - ms);

type SeededRun = Parameters<ActionsApi['addRun']>[1];

/** Adds `count` runs of `workflow` on commits sha(firstSha + i), each completed by `run(i)`. */
function addRuns(
  workflow: string,
  count: number,
  firstSha: number,
  run: (i: number) => Omit<SeededRun, 'workflow' | 'headSha'>,
): void {
  for (let i = 0; i < count; i++) {
    api.addRun(REPOSITORY, { workflow, headSha: sha(firstSha + i), ...run(i) });
  }
}

describe('pipeline-monitor (bundle) against the GitHub emulator', () => {
  test('a 40% slower workflow is flagged with its p-value, a noisy but stable one is not, and a re-run that passed is reported flaky', async () => {
    api.addWorkflow(REPOSITORY, 'train', 'train.yml');
    api.addWorkflow(REPOSITORY, 'lint', 'lint.yml');
    const rnd = random(7);
    // train: about 600 s in the baseline window, about 840 s (+40%) in the current one.
    addRuns('train', 30, 1000, (i) => ({
      createdAt: ago(8 * DAY + i * 17 * HOUR),
      durationS: 600 * (0.9 + 0.2 * rnd()),
      conclusion: 'success',
    }));
    addRuns('train', 20, 2000, (i) => ({
      createdAt: ago(2 * HOUR + i * 7 * HOUR),
      durationS: 840 * (0.9 + 0.2 * rnd()),
      conclusion: 'success',
    }));
    // lint: anywhere between 200 s and 800 s, the same in both windows.
    addRuns('lint', 30, 3000, (i) => ({
      createdAt: ago(8 * DAY + i * 17 * HOUR),
      durationS: 200 + 600 * rnd(),
      conclusion: 'success',
    }));
    addRuns('lint', 20, 4000, (i) => ({
      createdAt: ago(2 * HOUR + i * 7 * HOUR),
      durationS: 200 + 600 * rnd(),
      conclusion: 'success',
    }));
    // One lint run failed its unit tests on attempt 1 and passed on the re-run of the same commit.
    const flakyRun = api.addRun(REPOSITORY, {
      workflow: 'lint',
      headSha: sha(4999),
      createdAt: ago(30 * HOUR),
      durationS: 400,
      conclusion: 'success',
      attempts: [
        [
          { name: 'style', conclusion: 'success', durationS: 60 },
          { name: 'unit-tests', conclusion: 'failure', durationS: 300 },
        ],
        [
          { name: 'style', conclusion: 'success', durationS: 61 },
          { name: 'unit-tests', conclusion: 'success', durationS: 320 },
        ],
      ],
    });

    const run = await monitor({ window: '7d', 'baseline-window': '28d' });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.healthy).toBe('false');
    const report = await readReport(run.outputs);
    expect(report.schema).toBe('ml-actions/pipeline-report@1');

    const train = report.checks.find(
      (c) => c.workflow === 'train' && c.metric === 'duration_p50' && c.kind === 'max-increase-pct',
    )!;
    expect(train.verdict).toBe('fail');
    expect(train.change_pct!).toBeGreaterThan(30);
    expect(train.p_value!).toBeLessThan(1e-6);
    expect(run.summary).toContain(train.p_value!.toExponential(2));

    const lint = report.checks.find(
      (c) => c.workflow === 'lint' && c.metric === 'duration_p50' && c.kind === 'max-increase-pct',
    )!;
    expect(lint.verdict).not.toBe('fail');
    expect(
      report.workflows.find((w) => w.name === 'lint')!.duration_regression.p_value!,
    ).toBeGreaterThan(0.05);

    const lintReport = report.workflows.find((w) => w.name === 'lint')!;
    expect(lintReport.flaky).toEqual([
      {
        job: 'unit-tests',
        head_sha: sha(4999),
        failed: { run_id: flakyRun, attempt: 1 },
        passed: { run_id: flakyRun, attempt: 2 },
      },
    ]);
    expect(lintReport.flaky_jobs).toBe(1);
    expect(run.summary).toContain('### Flaky jobs');
    expect(run.summary).toContain('unit\\-tests');
    expect(run.summary).toContain('```mermaid');
    // Every attempt's jobs were read through the attempts endpoint.
    expect(
      gh.requests.some((r) => r.path.endsWith(`/actions/runs/${flakyRun}/attempts/2/jobs`)),
    ).toBe(true);
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http/);
  });

  test('a failure streak opens exactly one issue, a second run updates it, a healthy run closes it', async () => {
    api.addWorkflow(REPOSITORY, 'release', 'release.yml');
    addRuns('release', 8, 0, (i) => ({
      createdAt: ago((40 - i) * HOUR),
      durationS: 300,
      conclusion: 'success',
    }));
    addRuns('release', 3, 100, (i) => ({
      createdAt: ago((10 - i) * HOUR),
      durationS: 300,
      conclusion: 'failure',
    }));
    // A Slack-compatible hook that fails once (retried) and records what it gets.
    const posts: string[] = [];
    let failOnce = true;
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (failOnce) {
          failOnce = false;
          res.writeHead(500).end();
          return;
        }
        posts.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/secret`;
    const inputs = {
      alert: 'issue',
      'webhook-url': hookUrl,
      thresholds: 'rules:\n  - metric: failure_streak\n    max: 2\n',
    };

    const first = await monitor(inputs);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.outputs.healthy).toBe('false');
    let issues = gh.issues(REPOSITORY);
    expect(issues).toHaveLength(1);
    expect(issues[0].state).toBe('open');
    expect(issues[0].body).toContain('<!-- ml-actions:pipeline-monitor:pipeline -->');
    expect(issues[0].body).toContain('failure_streak');
    expect(first.outputs['issue-url']).toBe(
      `https://github.com/${REPOSITORY}/issues/${issues[0].number}`,
    );

    api.addRun(REPOSITORY, {
      workflow: 'release',
      headSha: sha(200),
      createdAt: ago(1 * HOUR),
      durationS: 300,
      conclusion: 'failure',
    });
    const second = await monitor(inputs);
    expect(second.exitCode).toBe(0);
    issues = gh.issues(REPOSITORY);
    expect(issues).toHaveLength(1);
    expect(issues[0].state).toBe('open');
    expect(issues[0].body).toContain('4 &gt; max 2');
    expect(second.outputs['issue-url']).toBe(first.outputs['issue-url']);

    api.addRun(REPOSITORY, {
      workflow: 'release',
      headSha: sha(201),
      createdAt: ago(0.5 * HOUR),
      durationS: 300,
      conclusion: 'success',
    });
    const third = await monitor(inputs);
    expect(third.exitCode).toBe(0);
    expect(third.outputs.healthy).toBe('true');
    issues = gh.issues(REPOSITORY);
    expect(issues).toHaveLength(1);
    expect(issues[0].state).toBe('closed');
    expect(gh.comments(REPOSITORY, issues[0].number).at(-1)!.body).toMatch(/All checks pass again/);
    // The hook hears of the opening (after one retried 500) and of the closing, not of the update.
    hook.close();
    expect(posts).toHaveLength(2);
    expect(JSON.parse(posts[0]).text).toMatch(/1 check\(s\) failed/);
    expect(JSON.parse(posts[1]).text).toMatch(/healthy again/);
    const logged = (first.stdout + second.stdout + third.stdout)
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'));
    expect(logged.join('\n')).not.toContain('secret');
  });

  test('delivery metrics equal the hand-computed values of a seeded deployment history', async () => {
    const at = (hoursAgo: number) => ago(hoursAgo * HOUR);
    const deploy = (
      n: number,
      commitH: number,
      createdH: number,
      states: Array<[string, number]>,
      operation = 'deploy',
    ) => {
      api.addCommit(REPOSITORY, sha(n), at(commitH));
      api.addDeployment(REPOSITORY, {
        environment: 'production',
        sha: sha(n),
        createdAt: at(createdH),
        operation,
        statuses: states.map(([state, h]) => ({ state, at: at(h) })),
      });
    };
    deploy(1, 100, 98, [
      ['in_progress', 98],
      ['success', 97],
    ]); // lead 3 h
    deploy(2, 80, 75, [
      ['in_progress', 75],
      ['success', 74],
    ]); // lead 6 h, then rolled back
    deploy(
      1,
      100,
      72,
      [
        ['in_progress', 72],
        ['success', 71],
      ],
      'rollback',
    ); // restores #2 after 3 h
    deploy(4, 50, 49, [
      ['in_progress', 49],
      ['failure', 48.5],
    ]); // failed
    deploy(5, 40, 30, [
      ['in_progress', 30],
      ['success', 29],
    ]); // lead 11 h, restores #4 after 19.5 h
    deploy(6, 13, 10, [
      ['in_progress', 10],
      ['success', 9],
    ]); // lead 4 h
    api.addDeployment(REPOSITORY, {
      environment: 'staging',
      sha: sha(6),
      createdAt: at(12),
      statuses: [{ state: 'failure', at: at(11) }],
    });

    const run = await monitor({ environments: 'production', window: '7d' });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [production] = (await readReport(run.outputs)).delivery;
    expect(production).toEqual({
      environment: 'production',
      deployments: 6,
      successful: 4,
      rollbacks: 1,
      deployments_per_day: expect.closeTo(4 / 7, 6),
      lead_time_hours_p50: expect.closeTo(5, 4), // median of 3, 4, 6, 11
      lead_time_hours_mean: expect.closeTo(6, 4),
      change_failure_rate: expect.closeTo(2 / 5, 9), // #2 rolled back, #4 failed, of 5
      failed: 2,
      time_to_restore_hours_p50: expect.closeTo(11.25, 4), // median of 3 and 19.5
      restores: 2,
      unrestored: 0,
    });
    expect(run.summary).toContain('### Delivery');
    expect(run.summary).toContain('| production | 4 |');
  });

  test('reads 3,000 runs across 30 pages and reports the number of API requests in the summary', async () => {
    api.addWorkflow(REPOSITORY, 'nightly-eval', 'nightly-eval.yml');
    addRuns('nightly-eval', 3000, 0, (i) => ({
      createdAt: ago(60_000 + i * 15 * 60_000),
      durationS: 100 + (i % 50),
      conclusion: i % 10 === 0 ? 'failure' : 'success',
    }));
    const run = await monitor({ window: '7d', 'baseline-window': '28d', 'max-job-runs': 0 });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const report = await readReport(run.outputs);
    const pages = gh.requests.filter((r) => /\/actions\/workflows\/\d+\/runs$/.test(r.path));
    expect(pages).toHaveLength(30);
    expect(pages.every((p) => p.query.per_page === '100')).toBe(true);
    expect(report.api.runs_read).toBe(3000);
    expect(report.api.requests).toBe(gh.requests.length);
    expect(run.summary).toContain(`**${gh.requests.length} API requests**`);
    const nightly = report.workflows[0];
    expect(nightly.current.runs + nightly.baseline.runs).toBe(3000);
  });

  test('survives 500s and rate limits without duplicating the issue', async () => {
    api.addWorkflow(REPOSITORY, 'release', 'release.yml');
    addRuns('release', 4, 0, (i) => ({
      createdAt: ago((10 - i) * HOUR),
      durationS: 300,
      conclusion: 'failure',
    }));
    gh.injectFault({ status: 500, method: 'GET', path: /\/runs$/, count: 2 });
    gh.injectRateLimit({ kind: 'primary', method: 'GET', path: /\/jobs$/ });
    gh.injectRateLimit({ kind: 'secondary', method: 'POST', path: /\/issues$/ });
    gh.injectFault({ status: 502, method: 'POST', path: /\/issues$/ });
    const run = await monitor({
      alert: 'issue',
      thresholds: 'rules:\n  - metric: failure_streak\n    max: 2\n',
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(gh.issues(REPOSITORY)).toHaveLength(1);
    expect(
      gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/issues')),
    ).toHaveLength(1);
    expect(gh.requests.filter((r) => r.status === 500 || r.status === 502)).toHaveLength(3);
    expect(
      gh.requests.filter((r) => (r.status === 403 || r.status === 429) && r.path !== '/user'),
    ).toHaveLength(2);
    const report = await readReport(run.outputs);
    expect(report.api.errors).toBe(6); // the five above and GET /user (403 for an installation token)
  });

  test('heartbeat: an overdue schedule fails, the days before the 60-day inactivity disable are reported', async () => {
    api.setRepo(REPOSITORY, { pushed_at: ago(55 * DAY).toISOString() });
    api.addWorkflow(
      REPOSITORY,
      'drift',
      'drift.yml',
      "name: drift\non:\n  schedule:\n    - cron: '17 6 * * *'\n  workflow_dispatch:\n",
    );
    api.addWorkflow(
      REPOSITORY,
      'hourly',
      'hourly.yml',
      "name: hourly\non:\n  schedule:\n    - cron: '*/30 * * * *'\n",
    );
    for (let d = 3; d < 20; d++) {
      api.addRun(REPOSITORY, {
        workflow: 'drift',
        event: 'schedule',
        headSha: sha(d),
        createdAt: ago(d * DAY),
        durationS: 60,
        conclusion: 'success',
      });
    }
    api.addRun(REPOSITORY, {
      workflow: 'hourly',
      event: 'schedule',
      headSha: sha(99),
      createdAt: ago(20 * 60_000),
      durationS: 60,
      conclusion: 'success',
    });
    const run = await monitor({ thresholds: 'rules:\n  - metric: success_rate\n    min: 0.5\n' });
    expect(run.exitCode).toBe(0);
    const report = await readReport(run.outputs);
    const drift = report.heartbeats.find((h) => h.workflow === 'drift')!;
    expect(drift.overdue).toBe(true);
    expect(drift.crons).toEqual(['17 6 * * *']);
    expect(drift.days_until_disable).toBeCloseTo(5, 2);
    expect(report.heartbeats.find((h) => h.workflow === 'hourly')!.overdue).toBe(false);
    expect(
      report.checks.find((c) => c.workflow === 'drift' && c.metric === 'schedule')!.verdict,
    ).toBe('fail');
    expect(
      report.checks.find((c) => c.workflow === 'hourly' && c.metric === 'days_until_disable')!
        .severity,
    ).toBe('warning');
    expect(run.outputs.healthy).toBe('false');
    expect(run.summary).toContain('### Scheduled workflows');
  });

  test('an ETag cache turns the second read of finished jobs into 304s', async () => {
    api.addWorkflow(REPOSITORY, 'ci', 'ci.yml');
    addRuns('ci', 5, 0, (i) => ({
      createdAt: ago((i + 1) * HOUR),
      durationS: 100,
      conclusion: 'success',
    }));
    const first = await monitor({ 'etag-cache': 'etags.json' });
    expect(first.exitCode).toBe(0);
    expect((await readReport(first.outputs)).api.not_modified).toBe(0);
    const second = await monitor({ 'etag-cache': 'etags.json' });
    expect(second.exitCode).toBe(0);
    const report = await readReport(second.outputs);
    expect(report.api.not_modified).toBe(6); // five runs' jobs and the workflow file
    expect(report.workflows[0].current.runs).toBe(5);
    expect(report.workflows[0].jobs[0].current.runs).toBe(5);
  });

  test("a GitHub API that never answers ends the run at timeout, the action's deadline, naming the call", async () => {
    api.addWorkflow(REPOSITORY, 'ci', 'ci.yml');
    gh.injectHang({ count: 1000 });
    const run = await monitor({ 'request-timeout': 1, timeout: 4 }, { timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([
      expect.stringMatching(
        /^GitHub did not answer while reading the repository: GET \/repos\/ml-team\/models (did not answer before the action's deadline \(timeout\) ran out|was not sent: the deadline had passed)\. Check http:\/\/127\.0\.0\.1:\d+/,
      ),
    ]);
    expect(run.stdout).not.toMatch(/please report it/);
    // The reads that timed out before the deadline were retried like a 5xx.
    expect(gh.requests.filter((r) => r.status === 0).length).toBeGreaterThan(1);
  });

  test('refuses report-dir, etag-cache and thresholds outside the workspace, symlinks included', async () => {
    api.addWorkflow(REPOSITORY, 'ci', 'ci.yml');
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeline-outside-'));
    await fs.writeFile(path.join(outside, 'thresholds.yml'), 'rules: []\n');
    await fs.symlink(outside, path.join(workspace, 'linked'));
    const cases: Array<[RunActionOptions['inputs'], string]> = [
      [{ 'report-dir': outside }, 'report-dir'],
      [{ 'report-dir': 'linked/report' }, 'report-dir'],
      [{ 'etag-cache': 'linked/etags.json' }, 'etag-cache'],
      [{ thresholds: 'linked/thresholds.yml' }, 'thresholds'],
    ];
    for (const [inputs, input] of cases) {
      const run = await monitor(inputs);
      expect(run.exitCode).toBe(1);
      expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        expect.stringMatching(
          new RegExp(`^Input '${input}': '.*' \\(.*\\) is outside the workspace \\(`),
        ),
      ]);
    }
    await expect(fs.readdir(outside)).resolves.toEqual(['thresholds.yml']);
  });
});
