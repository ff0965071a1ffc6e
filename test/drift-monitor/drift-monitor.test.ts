import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { REPO_ROOT, type RunActionOptions } from '../harness/run-action.js';
import {
  closeScheduledBench,
  errorLines,
  openScheduledBench,
  runScheduled,
  SCHEDULED_REPO,
  writeIn,
} from '../harness/scheduled-run.js';

/**
 * drift-monitor as a scheduled job runs it: the bundled action, runner-shaped inputs and files,
 * the GitHub REST emulator for issues and repository_dispatch, a loopback webhook.
 */

const REPOSITORY = SCHEDULED_REPO;
const SEATTLE = path.join(
  REPO_ROOT,
  'node_modules',
  'vega-datasets',
  'data',
  'seattle-weather.csv',
);

let gh: GitHubEmulator;
let workspace: string;

beforeEach(async () => ({ gh, workspace } = await openScheduledBench('drift-monitor-')));
afterEach(() => closeScheduledBench({ gh, workspace }));

const drift = (inputs: RunActionOptions['inputs'], extra: Partial<RunActionOptions> = {}) =>
  runScheduled('drift-monitor', { gh, workspace }, inputs, extra);

/** Seattle weather rows of the given year and months, as CSV text with the header. */
async function seattle(year: number, months: number[]): Promise<string> {
  const [header, ...rows] = (await fs.readFile(SEATTLE, 'utf8')).trim().split('\n');
  const kept = rows.filter((line) => {
    const [y, m] = line.slice(0, 7).split('-').map(Number);
    return y === year && months.includes(m);
  });
  return [header, ...kept].join('\n') + '\n';
}

const SUMMER = [6, 7, 8];
const WINTER = [1, 2, 12];

const write = (name: string, text: string) => writeIn(workspace, name, text);

/** Open issues on the emulator as the bot would see them, seeded through the REST API. */
async function seedBotIssues(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${gh.url}/repos/${REPOSITORY}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${TOKENS.app}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Other alert ${i}`,
        body: `<!-- ml-actions:drift-monitor:other-${i} -->`,
      }),
    });
    expect(res.status).toBe(201);
  }
}

/** Requests that changed repository state (GraphQL identity look-ups are reads). */
function stateWrites() {
  return gh.writes().filter((r) => r.path !== '/graphql');
}

describe('drift-monitor alerts', () => {
  it('opens one issue on drift, comments while it lasts and closes it when drift clears', async () => {
    await write('data/summer-2013.csv', await seattle(2013, SUMMER));
    await write('data/winter-2014.csv', await seattle(2014, WINTER));
    await write('data/winter-2015.csv', await seattle(2015, WINTER));
    await write('data/summer-2014.csv', await seattle(2014, SUMMER));
    const inputs = {
      reference: 'data/summer-2013.csv',
      'exclude-columns': 'date',
      'dataset-name': 'seattle weather',
      'issue-labels': 'drift, weather',
    };

    const first = await drift({ ...inputs, current: 'data/winter-2014.csv' });
    expect(errorLines(first)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['drift-detected']).toBe('true');
    const drifted = JSON.parse(first.outputs['drifted-columns']) as string[];
    expect(drifted).toEqual(expect.arrayContaining(['temp_max', 'temp_min']));
    expect(first.outputs['issue-number']).toBe('1');
    const [issue] = gh.issues(REPOSITORY);
    expect(issue).toMatchObject({ number: 1, state: 'open', labels: ['drift', 'weather'] });
    expect(issue.title).toBe('Data drift detected: seattle weather');
    expect(issue.body).toContain('<!-- ml-actions:drift-monitor:seattle weather -->');
    expect(issue.body).toContain('temp\\_max');
    expect(first.summary).toContain('Dataset drift detected');
    expect(first.summary).toContain('```mermaid');

    const report = JSON.parse(await fs.readFile(first.outputs.report, 'utf8'));
    expect(report.schema).toBe('ml-actions/drift@1');
    expect(report.reference.rows).toBe(92);
    expect(report.columns.map((c: { name: string }) => c.name)).not.toContain('date');
    const html = await fs.readFile(first.outputs['report-html'], 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    // Other open issues of the bot push ours past the first page of the list.
    await seedBotIssues(120);

    const second = await drift({ ...inputs, current: 'data/winter-2015.csv' });
    expect(second.exitCode).toBe(0);
    expect(second.outputs['issue-number']).toBe('1');
    expect(gh.issues(REPOSITORY).filter((i) => i.title.startsWith('Data drift'))).toHaveLength(1);
    expect(gh.comments(REPOSITORY, 1)).toHaveLength(1);
    expect(gh.comments(REPOSITORY, 1)[0].body).toContain('Drift found');

    const third = await drift({ ...inputs, current: 'data/summer-2014.csv' });
    expect(third.exitCode).toBe(0);
    expect(third.outputs['drift-detected']).toBe('false');
    expect(JSON.parse(third.outputs['drifted-columns'])).not.toContain('temp_max');
    expect(third.outputs['issue-number']).toBe('1');
    const closed = gh.issues(REPOSITORY).find((i) => i.number === 1)!;
    expect(closed.state).toBe('closed');
    const comments = gh.comments(REPOSITORY, 1);
    expect(comments).toHaveLength(2);
    expect(comments[1].body).toContain('Drift has cleared');

    // Nothing to do when drift is absent and no issue is open.
    const writesBefore = stateWrites().length;
    const fourth = await drift({ ...inputs, current: 'data/summer-2014.csv' });
    expect(fourth.exitCode).toBe(0);
    expect(fourth.outputs['issue-number']).toBe('');
    expect(stateWrites()).toHaveLength(writesBefore);
  });

  it('leaves the issue open when drift clears with close-on-clear: false', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('winter.csv', await seattle(2014, WINTER));
    await write('summer.csv', await seattle(2014, SUMMER));
    const inputs = { reference: 'ref.csv', 'exclude-columns': 'date', 'close-on-clear': 'false' };
    expect((await drift({ ...inputs, current: 'winter.csv' })).outputs['issue-number']).toBe('1');
    const calm = await drift({ ...inputs, current: 'summer.csv' });
    expect(calm.exitCode).toBe(0);
    expect(calm.outputs['issue-number']).toBe('1');
    expect(gh.issues(REPOSITORY)).toEqual([expect.objectContaining({ number: 1, state: 'open' })]);
    expect(gh.comments(REPOSITORY, 1)).toHaveLength(0);
  });

  it('uses the per-column methods of a method file and the given threshold', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('cur.csv', await seattle(2014, SUMMER));
    await write('methods.yml', 'default: psi\nweather: jensenshannon\n');
    const run = await drift({
      reference: 'ref.csv',
      current: 'cur.csv',
      'exclude-columns': 'date',
      method: 'methods.yml',
      threshold: '0.2',
      alert: 'none',
    });
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    const methods = Object.fromEntries(
      report.columns.map((c: { name: string; method: string; threshold: number }) => [
        c.name,
        `${c.method}@${c.threshold}`,
      ]),
    );
    expect(methods).toEqual({
      precipitation: 'psi@0.2',
      temp_max: 'psi@0.2',
      temp_min: 'psi@0.2',
      wind: 'psi@0.2',
      weather: 'jensenshannon@0.2',
    });
  });

  it('ignores a look-alike issue opened by someone else', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('cur.csv', await seattle(2014, WINTER));
    gh.addPullRequest(REPOSITORY); // issue #1 is a PR, not an alert
    const res = await fetch(`${gh.url}/repos/${REPOSITORY}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${TOKENS.pat}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'copied',
        body: '<!-- ml-actions:drift-monitor:ref.csv -->',
      }),
    });
    expect(res.status).toBe(201);
    const run = await drift({
      reference: 'ref.csv',
      current: 'cur.csv',
      'exclude-columns': 'date',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['issue-number']).toBe('3');
    expect(gh.comments(REPOSITORY, 2)).toHaveLength(0);
  });

  it('posts a Slack-compatible body to the webhook, retrying a 500, without logging the URL', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('cur.csv', await seattle(2014, WINTER));
    const received: { status: number; body: { text: string; blocks: unknown[] } }[] = [];
    const statuses = [500];
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const status = statuses.shift() ?? 200;
        received.push({ status, body: JSON.parse(raw) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T1/B2/s3cr3t`;
    try {
      const run = await drift({
        reference: 'ref.csv',
        current: 'cur.csv',
        'exclude-columns': 'date',
        alert: 'none',
        'webhook-url': hookUrl,
      });
      expect(errorLines(run)).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(received.map((r) => r.status)).toEqual([500, 200]);
      expect(received[1].body.text).toMatch(
        /^Data drift detected in ref\.csv: \d+ of 5 columns drifted/,
      );
      expect(received[1].body.text).toContain('`temp_max`');
      expect(received[1].body.blocks.length).toBeGreaterThan(0);
      expect(run.stdout.replace(/::add-mask::.*/g, '')).not.toContain('s3cr3t');
      expect(run.stdout).not.toContain(TOKENS.app);
      expect(stateWrites()).toHaveLength(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sends repository_dispatch with a summary when drift is found, and not otherwise', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('winter.csv', await seattle(2014, WINTER));
    await write('summer.csv', await seattle(2014, SUMMER));
    const base = {
      reference: 'ref.csv',
      'exclude-columns': 'date',
      alert: 'none',
      'dispatch-event': 'retrain',
    };
    const calm = await drift({ ...base, current: 'summer.csv' });
    expect(calm.exitCode).toBe(0);
    expect(gh.repo(REPOSITORY).dispatches).toHaveLength(0);
    const run = await drift({ ...base, current: 'winter.csv' });
    expect(run.exitCode).toBe(0);
    const [dispatch] = gh.repo(REPOSITORY).dispatches;
    expect(dispatch.event_type).toBe('retrain');
    expect(dispatch.client_payload).toMatchObject({
      dataset: 'ref.csv',
      dataset_drift: true,
      reference_rows: 92,
      run_url: 'https://github.com/ml-team/models/actions/runs/4242',
    });
    expect((dispatch.client_payload as { drifted_columns: string[] }).drifted_columns).toContain(
      'temp_max',
    );
  });

  it('explains the permission to add when the token may not write issues', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('cur.csv', await seattle(2014, WINTER));
    const run = await drift(
      { reference: 'ref.csv', current: 'cur.csv' },
      { token: TOKENS.readOnly },
    );
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toContain('permissions: issues: write');
    expect(run.outputs['drift-detected']).toBe('true');
  });

  it('fails the step on drift with fail-on-drift, after writing the report and outputs', async () => {
    await write('ref.csv', await seattle(2013, SUMMER));
    await write('cur.csv', await seattle(2014, WINTER));
    const run = await drift({
      reference: 'ref.csv',
      current: 'cur.csv',
      alert: 'none',
      'fail-on-drift': 'true',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^Dataset drift detected/);
    expect(run.outputs['drift-detected']).toBe('true');
    await expect(fs.access(run.outputs.report)).resolves.toBeUndefined();
  });
});

describe('drift-monitor reports', () => {
  it('escapes hostile column names and values in the summary, the issue and report.html', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const rows = (shift: number) =>
      Array.from({ length: 60 }, (_, i) => `${i + shift},"${i % 2 ? evil : '@team'}"`).join('\n');
    await write('ref.csv', `"${evil}",kind\n${rows(0)}\n`);
    await write('cur.csv', `"${evil}",kind\n${rows(100)}\n`);
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', 'dataset-name': evil });
    expect(errorLines(run)).toEqual([]);
    const [issue] = gh.issues(REPOSITORY);
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    for (const text of [run.summary, issue.body, html]) {
      expect(text).not.toContain('<img');
      expect(text).toContain('&lt;img');
    }
    expect(run.summary).not.toMatch(/(^|[^\u200b])@team/);
  });
});

describe('drift-monitor bad inputs: one clear error, no issue, no webhook', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'a missing file',
      { 'ref.csv': 'a,b\n1,2\n' },
      /Input 'current': file 'missing\.csv' does not exist/,
    ],
    [
      'an empty file',
      { 'ref.csv': 'a,b\n1,2\n', 'missing.csv': '' },
      /Input 'current': file 'missing\.csv' is empty/,
    ],
    [
      'no common columns',
      { 'ref.csv': 'a,b\n1,2\n3,4\n', 'missing.csv': 'x,y\n1,2\n3,4\n' },
      /the reference and current data have no column in common/,
    ],
    [
      'an all-missing column',
      { 'ref.csv': 'a,b\n1,2\n3,4\n5,6\n', 'missing.csv': 'a,b\n1,\n2,\n3,NA\n' },
      /column 'b' has no values in the current data/,
    ],
    [
      'a malformed CSV line',
      { 'ref.csv': 'a,b\n1,2\n3,4\n', 'missing.csv': 'a,b\n1,2\n"3,4\n5,6\n' },
      /Input 'current':.*missing\.csv.*line/,
    ],
  ];

  it.each(cases)('%s', async (_name, files, message) => {
    for (const [name, text] of Object.entries(files)) await write(name, text);
    let hookCalls = 0;
    const server = http.createServer((_req, res) => {
      hookCalls++;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const run = await drift({
        reference: 'ref.csv',
        current: 'missing.csv',
        alert: 'issue',
        'dispatch-event': 'retrain',
        'webhook-url': `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      });
      expect(run.exitCode).toBe(1);
      const errors = errorLines(run);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(errors[0]).not.toMatch(/\n\s+at /); // a user mistake has no stack trace
      expect(stateWrites()).toHaveLength(0);
      expect(hookCalls).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('names the input when a required one is absent', async () => {
    await write('ref.csv', 'a\n1\n');
    const run = await drift({ reference: 'ref.csv' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      "Input 'current': is required when mode is compare (or set mode: profile).",
    ]);
  });
});

/** A seeded PRNG (mulberry32) and a standard normal from it, so the data is the same every run. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A churn-like model: score = sigmoid(3·x1), prediction = score > 0.5. `boundary` moves where
 * the true label flips (concept drift); `labels: false` leaves the label column empty.
 */
function modelData(seed: number, rows: number, boundary: number, labels = true): string {
  const z = normals(seed);
  const lines = ['x1,x2,plan,label,prediction,p_yes'];
  for (let i = 0; i < rows; i++) {
    const x1 = z();
    const x2 = 5 + z();
    const p = 1 / (1 + Math.exp(-3 * x1));
    const label = x1 + 0.3 * z() > boundary ? 'yes' : 'no';
    const plan = ['basic', 'pro', 'team'][i % 3];
    lines.push(
      `${x1.toFixed(4)},${x2.toFixed(4)},${plan},${labels ? label : ''},${p > 0.5 ? 'yes' : 'no'},${p.toFixed(4)}`,
    );
  }
  return lines.join('\n') + '\n';
}

describe('drift-monitor model behaviour and anomalies', () => {
  const modelInputs = {
    reference: 'ref.csv',
    current: 'cur.csv',
    'target-column': 'label',
    'prediction-column': 'prediction',
    'probability-columns': 'p_yes',
    alert: 'none',
  };

  it('reports the quality drop when the concept moved, with the prediction drift', async () => {
    await write('ref.csv', modelData(1, 600, 0));
    await write('cur.csv', modelData(2, 600, 0.8));
    const run = await drift(modelInputs);
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    const concept = report.concept_drift;
    expect(concept.task).toBe('classification');
    expect(concept.reference.accuracy).toBeGreaterThan(0.8);
    expect(concept.change.accuracy).toBeLessThan(-0.1);
    expect(concept.reference.roc_auc).toBeGreaterThan(0.85);
    expect(concept.prediction_drift.name).toBe('prediction');
    expect(report.columns.map((c: { name: string }) => c.name).sort()).toEqual([
      'plan',
      'x1',
      'x2',
    ]);
    expect(run.summary).toContain('Model behaviour');
    expect(run.summary).toContain('| accuracy |');
  });

  it('estimates accuracy from probabilities when the current data has no labels, and says so', async () => {
    await write('ref.csv', modelData(1, 600, 0));
    await write('cur.csv', modelData(3, 600, 0, false));
    const run = await drift(modelInputs);
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.concept_drift.current).toBeNull();
    expect(report.concept_drift.estimate).toMatchObject({ estimated: true, calibrated: true });
    expect(
      Math.abs(report.concept_drift.estimate.accuracy - report.concept_drift.reference.accuracy),
    ).toBeLessThan(0.05);
    expect(run.summary).toContain('**Estimated** current accuracy');
  });

  it('finds injected outliers and unseen categories and lists them with their row numbers', async () => {
    await write('ref.csv', modelData(1, 600, 0));
    const current = modelData(4, 300, 0).trim().split('\n');
    current[10] = '40.0,5.0,basic,yes,yes,1.0'; // data row 10: x1 far out
    current[20] = '0.1,5.0,enterprise,no,yes,0.57'; // data row 20: a plan never seen
    await write('cur.csv', current.join('\n') + '\n');
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', alert: 'none' });
    expect(errorLines(run)).toEqual([]);
    const { anomalies } = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    const rows = anomalies.top.map((e: { row: number }) => e.row + 1);
    expect(rows).toEqual(expect.arrayContaining([10, 20]));
    expect(anomalies.current.anomalous).toBeGreaterThanOrEqual(2);
    expect(anomalies.current.share).toBeLessThan(0.05);
    expect(run.summary).toContain('enterprise');
    expect(run.summary).toContain('unseen category');
  });
});

describe('drift-monitor profiles', () => {
  it('profiles shards, merges them, and compares current data against the merged profile', async () => {
    await write('shards/a.csv', modelData(1, 400, 0));
    await write('shards/b.csv', modelData(5, 400, 0));
    await write('cur.csv', modelData(6, 400, 0));
    const a = await drift({ mode: 'profile', reference: 'shards/a.csv', 'report-dir': 'pa' });
    const b = await drift({ mode: 'profile', reference: 'shards/b.csv', 'report-dir': 'pb' });
    expect(errorLines(a)).toEqual([]);
    expect(a.outputs.profile).toBe(path.join(workspace, 'pa', 'profile.json'));
    const merged = await drift({
      mode: 'profile',
      reference: 'p*/profile.json',
      'report-dir': 'merged',
    });
    expect(errorLines(merged)).toEqual([]);
    const profile = JSON.parse(await fs.readFile(merged.outputs.profile, 'utf8'));
    expect(profile.schema).toBe('ml-actions/profile@1');
    expect(profile.rows).toBe(800);
    expect(merged.summary).toContain('Merged from 2 profiles');
    expect(b.exitCode).toBe(0);

    const run = await drift({
      reference: 'merged/profile.json',
      current: 'cur.csv',
      alert: 'none',
      'exclude-columns': 'label, prediction, p_yes',
    });
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.reference).toEqual({ rows: 800, source: 'profile' });
    expect(report.anomalies).toBeUndefined();
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(report.columns.map((c: { name: string }) => c.name).sort()).toEqual([
      'plan',
      'x1',
      'x2',
    ]);
    expect(run.outputs['drift-detected']).toBe('false');
  });
});
