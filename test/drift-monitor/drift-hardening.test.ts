import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitHubEmulator } from '../emulators/github/index.js';
import { craftedProfile, type CraftedProfile } from '../fixtures/stats/crafted-profile.js';
import type { ActionRun, RunActionOptions } from '../harness/run-action.js';
import {
  closeScheduledBench,
  errorLines,
  openScheduledBench,
  runScheduled,
  SCHEDULED_REPO,
  writeIn,
} from '../harness/scheduled-run.js';
import { startSilentServer } from '../emulators/silent-server.js';

/**
 * drift-monitor hardening (issue 17), on the bundle: crafted profiles refused quickly, memory
 * and report size bounded for wide data, GitHub 5xx as a one-line service error after the report
 * is written, one-sided columns shown, concurrent runs converging on one issue, and no workflow
 * command reaching stdout from a column name.
 */

const REPOSITORY = SCHEDULED_REPO;

let gh: GitHubEmulator;
let workspace: string;

beforeEach(async () => ({ gh, workspace } = await openScheduledBench('drift-hardening-')));
afterEach(() => closeScheduledBench({ gh, workspace }));

const drift = (inputs: RunActionOptions['inputs'], extra: Partial<RunActionOptions> = {}) =>
  runScheduled('drift-monitor', { gh, workspace }, inputs, extra);

const write = (name: string, text: string) => writeIn(workspace, name, text);

/** Two numeric columns, the second shifted by `shift` (drift when shift is large). */
function data(rows: number, shift: number, extraColumn?: string): string {
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const header = ['a', 'b', ...(extraColumn ? [quoted(extraColumn)] : [])].join(',');
  const lines = Array.from({ length: rows }, (_, i) =>
    [i % 37, (i % 41) + shift, ...(extraColumn ? [i % 5] : [])].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

/** A one-line failure: no stack, no "please report it". */
function expectOneLine(run: ActionRun, pattern: RegExp): void {
  expect(run.exitCode).toBe(1);
  const errors = errorLines(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(run.stdout).not.toMatch(/please report it|\n\s+at .*\.(js|ts):\d+/);
}

describe('crafted reference profiles (17 #4)', () => {
  function crafted(levels: number, edit: (p: CraftedProfile) => void = () => undefined): string {
    const profile = craftedProfile(levels, { column: 'a' });
    edit(profile);
    return JSON.stringify(profile);
  }

  it.each([
    ['30 levels', crafted(30, (p) => (p.columns[0].numeric.quantiles.n = 7)), /weight of/],
    [
      '40 levels',
      crafted(40, (p) => {
        p.rows = 9;
        p.columns[0].count = 9;
        p.columns[0].numeric.quantiles.n = 9;
      }),
      /weight of/,
    ],
    ['k = 1e12', crafted(3, (p) => (p.columns[0].numeric.quantiles.k = 1e12)), /quantiles\.k/],
    ['rows: -5', crafted(3, (p) => (p.rows = -5)), /"rows" must be a whole number >= 0/],
    ['a string mean', crafted(3, (p) => (p.columns[0].numeric.mean = '1')), /numeric\.mean/],
  ])('refuses a profile with %s quickly, naming the file', async (_what, text, pattern) => {
    await write('crafted.profile.json', text);
    await write('cur.csv', data(50, 0));
    const run = await drift({
      reference: 'crafted.profile.json',
      current: 'cur.csv',
      alert: 'none',
    });
    expectOneLine(run, /^Input 'reference': profile '.*crafted\.profile\.json': /);
    expect(errorLines(run)[0]).toMatch(pattern);
  });
});

describe('wide data (17 #5)', () => {
  /** `columns` numeric columns × `rows` rows of one-digit values. */
  function wide(columns: number, rows: number, shift: number): string {
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const lines = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => (c * 7 + r * 3 + shift) % 10).join(','),
    );
    return [header, ...lines].join('\n') + '\n';
  }

  /** Runs with a preload that writes the process's peak RSS (bytes) when it exits. */
  async function measured(inputs: RunActionOptions['inputs']) {
    const preload = path.join(workspace, 'max-rss.cjs');
    const out = path.join(workspace, 'max-rss.txt');
    await fs.writeFile(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS * 1024)));\n`,
    );
    const run = await drift(inputs, {
      env: { NODE_OPTIONS: `--require ${preload}` },
      timeoutMs: 600_000,
    });
    return { run, rss: Number(await fs.readFile(out, 'utf8')) };
  }

  it('compares 20,000 columns x 50 rows under 1 GB peak RSS with a report.html under 10 MB', async () => {
    await write('ref.csv', wide(20_000, 50, 0));
    await write('cur.csv', wide(20_000, 50, 1));
    expect((await fs.stat(path.join(workspace, 'ref.csv'))).size).toBeGreaterThan(1_900_000);
    const { run, rss } = await measured({
      reference: 'ref.csv',
      current: 'cur.csv',
      alert: 'none',
    });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(rss).toBeLessThan(1024 ** 3);
    const html = await fs.stat(run.outputs['report-html']);
    expect(html.size).toBeLessThan(10 * 1024 ** 2);
    const text = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(text).toContain('all 20,000 columns were summarised in drift.json');
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.columns).toHaveLength(20_000);
    expect(run.summary).toMatch(/_\d+ more columns are in drift\.json\._/);
  }, 900_000);

  it('keeps 2,000 columns proportionally small', async () => {
    await write('ref.csv', wide(2_000, 50, 0));
    await write('cur.csv', wide(2_000, 50, 1));
    const { run, rss } = await measured({
      reference: 'ref.csv',
      current: 'cur.csv',
      alert: 'none',
    });
    expect(run.exitCode).toBe(0);
    expect(rss).toBeLessThan(400 * 1024 ** 2);
  }, 300_000);
});

describe('GitHub failures and concurrency (17 #6, weaker points)', () => {
  it('reports GitHub 5xx after retries as one line, after the report and summary are written', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    gh.injectFault({ status: 502, count: 100, method: 'POST', path: /\/issues$/ });
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv' });
    expectOneLine(run, /^GitHub answered HTTP 502 to the drift issue update after retries/);
    expect(run.outputs['drift-detected']).toBe('true');
    await expect(fs.access(run.outputs.report)).resolves.toBeUndefined();
    await expect(fs.access(run.outputs['report-html'])).resolves.toBeUndefined();
    expect(run.summary).toContain('Dataset drift detected');
  }, 180_000);

  it('three concurrent runs converge on one open issue: the newest run wins', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    const runs = await Promise.all(
      ['5001', '5002', '5003'].map((id) =>
        drift(
          { reference: 'ref.csv', current: 'cur.csv', 'dataset-name': 'orders' },
          { env: { GITHUB_RUN_ID: id } },
        ),
      ),
    );
    for (const run of runs) expect(errorLines(run)).toEqual([]);
    const marked = gh
      .issues(REPOSITORY)
      .filter((i) => i.body.includes('<!-- ml-actions:drift-monitor:orders -->'));
    const open = marked.filter((i) => i.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0].body).toContain('<!-- ml-actions:drift-monitor-run:5003.1 -->');
    for (const run of runs) expect(run.outputs['issue-number']).toBe(String(open[0].number));

    // An older run finishing late (and finding no drift) defers to the newer run's issue: no
    // comment, no close. (Runs that found the first one's issue already open commented on it.)
    const commentsBefore = gh.comments(REPOSITORY, open[0].number).length;
    const late = await drift(
      { reference: 'ref.csv', current: 'ref.csv', 'dataset-name': 'orders' },
      { env: { GITHUB_RUN_ID: '5000' } },
    );
    expect(late.exitCode).toBe(0);
    expect(gh.issues(REPOSITORY).find((i) => i.number === open[0].number)!.state).toBe('open');
    expect(gh.comments(REPOSITORY, open[0].number)).toHaveLength(commentsBefore);
    expect(late.outputs['issue-number']).toBe(String(open[0].number));
  }, 300_000);

  it('shows a column present on one side only in the summary and as a warning', async () => {
    await write('ref.csv', data(200, 0, 'legacy_score'));
    await write('cur.csv', data(200, 0));
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', alert: 'none' });
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('Columns on one side only, not compared');
    expect(run.summary).toContain('legacy\\_score');
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(html).toContain('legacy_score');
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: "1 column is only in the reference data and was not compared: 'legacy_score'.",
      }),
    );
  });

  it('warns about an http:// webhook URL with credentials without printing them', async () => {
    await write('ref.csv', data(200, 0));
    const run = await drift({
      reference: 'ref.csv',
      current: 'ref.csv',
      alert: 'none',
      'webhook-url': 'http://alice:s3cr3t@127.0.0.1:9/hooks/T0/B0/path-token',
    });
    expect(run.exitCode).toBe(0);
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings.join('\n')).toMatch(/plain http:\/\//);
    expect(warnings.join('\n')).toMatch(/user name or password/);
    // Only the mask command (consumed by the runner) carries the URL.
    const shown = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(shown).not.toMatch(/s3cr3t|path-token|alice/);
  });
});

describe('bounded alerts: request-timeout and timeout (17 #3)', () => {
  /** The verdict, outputs, report and summary are all written before any alert goes out. */
  async function expectReportWritten(run: ActionRun): Promise<void> {
    expect(run.outputs['drift-detected']).toBe('true');
    expect(run.outputs['issue-number']).toBe('');
    await expect(fs.access(run.outputs.report)).resolves.toBeUndefined();
    await expect(fs.access(run.outputs['report-html'])).resolves.toBeUndefined();
    expect(run.summary).toContain('Dataset drift detected');
  }

  it('cuts off a GitHub API that never answers after request-timeout, naming the call', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    gh.injectHang({ count: 100 });
    const run = await drift(
      { reference: 'ref.csv', current: 'cur.csv', 'request-timeout': 1 },
      { timeoutMs: 60_000 },
    );
    expectOneLine(
      run,
      /^GitHub did not answer while updating the drift issue: GET \/\S+ did not answer within 1 s \(request-timeout\)\. Check http:\/\/127\.0\.0\.1:\d+ .*raise request-timeout or timeout/,
    );
    await expectReportWritten(run);
    // A timed-out request is not sent again.
    expect(gh.requests.filter((r) => r.status === 0)).toHaveLength(1);
  });

  it("ends the alerts at timeout, the action's deadline, whatever request-timeout allows", async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    gh.injectHang({ count: 100 });
    const run = await drift(
      { reference: 'ref.csv', current: 'cur.csv', 'request-timeout': 600, timeout: 2 },
      { timeoutMs: 60_000 },
    );
    expectOneLine(
      run,
      /^GitHub did not answer while updating the drift issue: GET \/\S+ did not answer before the action's deadline \(timeout\) ran out/,
    );
    await expectReportWritten(run);
  });

  it('gives up on a webhook that never answers within timeout, without printing its URL', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    const hook = await startSilentServer();
    try {
      const run = await drift(
        {
          reference: 'ref.csv',
          current: 'cur.csv',
          alert: 'none',
          'webhook-url': `${hook.url}/services/T0/B0/secret-path-token`,
          'request-timeout': 1,
          timeout: 3,
        },
        { timeoutMs: 60_000 },
      );
      expectOneLine(
        run,
        /^The webhook at 127\.0\.0\.1:\d+ did not answer (within 1 s \(request-timeout\)|before the action's deadline \(timeout\) ran out).*\(input 'webhook-url'\) after \d attempts?; check/,
      );
      expect(hook.connections()).toBeGreaterThanOrEqual(1);
      await expectReportWritten(run);
      const shown = run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      expect(shown).not.toContain('secret-path-token');
    } finally {
      await hook.close();
    }
  });

  it('blames a 401 on the token, not on a fork', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    const run = await drift(
      { reference: 'ref.csv', current: 'cur.csv' },
      { token: 'ghp_revoked_token' },
    );
    expectOneLine(
      run,
      /^GitHub refused the token while updating the drift issue \(401 .*\): the github-token is invalid or expired/,
    );
    expect(errorLines(run)[0]).not.toMatch(/fork/i);
    await expectReportWritten(run);
  });

  it('reports GitHub 5xx after retries on repository_dispatch as one line', async () => {
    await write('ref.csv', data(300, 0));
    await write('cur.csv', data(300, 30));
    gh.injectFault({ status: 503, count: 100, method: 'POST', path: /\/dispatches$/ });
    const run = await drift({
      reference: 'ref.csv',
      current: 'cur.csv',
      alert: 'none',
      'dispatch-event': 'retrain',
    });
    expectOneLine(run, /^GitHub answered HTTP 503 to repository_dispatch after retries/);
    await expectReportWritten(run);
  }, 180_000);
});

describe('path inputs stay inside the workspace (17, weaker points)', () => {
  it('refuses report-dir, reference, current and method outside it, symlinks included, with one line', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-outside-'));
    await fs.writeFile(path.join(outside, 'ref.csv'), data(50, 0));
    await fs.writeFile(path.join(outside, 'methods.yml'), 'default: ks\n');
    await fs.symlink(outside, path.join(workspace, 'linked'));
    await fs.symlink(path.join(outside, 'ref.csv'), path.join(workspace, 'escape.csv'));
    await write('cur.csv', data(50, 0));
    const cases: Array<[RunActionOptions['inputs'], string]> = [
      [{ 'report-dir': outside }, 'report-dir'],
      [{ 'report-dir': 'linked/report' }, 'report-dir'],
      [{ reference: path.join(outside, 'ref.csv') }, 'reference'],
      [{ reference: 'e*.csv' }, 'reference'],
      [{ current: 'linked' }, 'current'],
      [{ method: 'linked/methods.yml' }, 'method'],
    ];
    for (const [inputs, input] of cases) {
      const run = await drift({
        reference: 'cur.csv',
        current: 'cur.csv',
        alert: 'none',
        ...inputs,
      });
      expectOneLine(
        run,
        new RegExp(`^Input '${input}': '.*' \\(.*\\) is outside the workspace \\(`),
      );
    }
    await expect(fs.readdir(outside)).resolves.toEqual(['methods.yml', 'ref.csv']);
  }, 120_000);
});

describe('workflow-command injection (17 #1, drift side)', () => {
  it('no command from a column name reaches stdout', async () => {
    const evil = 'x\n::error::pwned\n::add-mask::digest';
    await write('ref.csv', data(200, 0, evil));
    await write('cur.csv', data(200, 0));
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', alert: 'none' });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split(/\r?\n/);
    expect(lines.filter((l) => /^::(error|add-mask)::/.test(l))).toEqual([]);
    expect(run.annotations.filter((a) => a.message === 'pwned')).toEqual([]);
    // The name is still reported (escaped inside the warning annotation).
    expect(run.annotations.some((a) => a.level === 'warning' && a.message.includes('pwned'))).toBe(
      true,
    );
  });
});
