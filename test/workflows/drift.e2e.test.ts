import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type GitHubEmulator, startGitHubEmulator, TOKENS } from '../emulators/github/index.js';
import { scheduleEvent } from '../harness/events.js';
import { type JobResult, runWorkflow, runWorkflowJob } from '../harness/workflow-runner.js';
import { writeChurnParquet } from './churn-data.js';

/**
 * The drift examples executed step by step against dist/drift-monitor, the GitHub emulator and
 * a loopback webhook: drift-monitor.yml on three scheduled days (drift, drift again, drift
 * cleared) and drift-sharded.yml with its profile matrix and merge.
 */
const REPO = 'ml-team/models';
const ref = { owner: 'ml-team', repo: 'models' };

const failures = (job: JobResult) =>
  job.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.id ?? s.name}: ${s.log.slice(-1500)}`)
    .join('\n');

describe('workflows-examples/drift-monitor.yml end to end', () => {
  let github: GitHubEmulator;
  let webhook: http.Server;
  let webhookUrl: string;
  const posts: unknown[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    github = await startGitHubEmulator();
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        posts.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/slack`;
  });
  afterAll(async () => {
    await github.stop();
    webhook.closeAllConnections();
    await new Promise((resolve) => webhook.close(resolve));
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  /** One scheduled day: the export step is stubbed, its file written here instead. */
  async function day(current: { seed: number; spendShift?: number; premiumShare?: number }) {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-e2e-'));
    dirs.push(workspace);
    await writeChurnParquet(path.join(workspace, 'data', 'reference.parquet'), {
      rows: 800,
      seed: 1,
    });
    await writeChurnParquet(path.join(workspace, 'data', 'current.parquet'), {
      rows: 600,
      ...current,
    });
    const job = await runWorkflowJob({
      workflow: 'workflows-examples/drift-monitor.yml',
      job: 'drift',
      eventName: 'schedule',
      event: scheduleEvent(ref, '17 6 * * *'),
      repository: REPO,
      workspace,
      githubApiUrl: github.url,
      token: TOKENS.app,
      secrets: { DRIFT_SLACK_WEBHOOK: webhookUrl },
      stubs: { "Export yesterday's predictions": {} },
    });
    expect(failures(job)).toBe('');
    return job;
  }

  test('drift opens one issue, pings the webhook and dispatches retraining', async () => {
    const job = await day({ seed: 2, spendShift: 40, premiumShare: 0.7 });
    const drift = job.step('drift');
    expect(drift.outputs['drift-detected']).toBe('true');
    expect(JSON.parse(drift.outputs['drifted-columns'])).toEqual(
      expect.arrayContaining(['monthly_spend', 'plan']),
    );
    const issues = github.issues(REPO);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ state: 'open', labels: ['drift', 'model-monitoring'] });
    expect(drift.outputs['issue-number']).toBe(String(issues[0].number));
    expect(posts).toHaveLength(1);
    expect(github.repo(REPO).dispatches).toEqual([
      expect.objectContaining({ event_type: 'retrain' }),
    ]);
    // The report was kept by the upload step.
    expect(job.steps.at(-1)!.outcome).toBe('success');
  });

  test('drift the next day comments on the same issue; a clean day closes it', async () => {
    await day({ seed: 3, spendShift: 40, premiumShare: 0.7 });
    expect(github.issues(REPO)).toHaveLength(1);
    const number = github.issues(REPO)[0].number;
    expect(github.comments(REPO, number).length).toBeGreaterThanOrEqual(1);

    const clean = await day({ seed: 4 });
    expect(clean.step('drift').outputs['drift-detected']).toBe('false');
    expect(github.issues(REPO)).toEqual([expect.objectContaining({ number, state: 'closed' })]);
  });
});

describe('workflows-examples/drift-sharded.yml end to end (matrix of shard profiles, merge, compare)', () => {
  test('profiles four shards in parallel legs, merges them and compares the current data', async () => {
    const github = await startGitHubEmulator();
    const checkout = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-sharded-'));
    try {
      for (const shard of [0, 1, 2, 3]) {
        await writeChurnParquet(
          path.join(checkout, 'data', 'reference', `part-${shard}-a.parquet`),
          { rows: 250, seed: 10 + shard },
        );
      }
      await writeChurnParquet(path.join(checkout, 'data', 'current', 'day.parquet'), {
        rows: 500,
        seed: 20,
        spendShift: 40,
        tenureScale: 0.3,
      });
      const run = await runWorkflow({
        workflow: 'workflows-examples/drift-sharded.yml',
        checkout,
        eventName: 'schedule',
        event: scheduleEvent(ref, '0 5 * * 1'),
        repository: REPO,
        githubApiUrl: github.url,
        token: TOKENS.app,
      });
      expect(run.jobs.profile).toHaveLength(4);
      for (const leg of run.jobs.profile) expect(failures(leg)).toBe('');
      const compare = run.jobs.compare[0];
      expect(failures(compare)).toBe('');
      expect(run.results).toEqual({ profile: 'success', compare: 'success' });
      const merged = JSON.parse(await fs.readFile(compare.step('merge').outputs.profile, 'utf8'));
      // The merged reference is the whole: 4 shards of 250 rows.
      expect(merged).toMatchObject({ schema: 'ml-actions/profile@1', rows: 1000 });
      const drift = compare.steps.find((s) => s.name === 'Drift against the merged profile')!;
      expect(drift.outputs['drift-detected']).toBe('true');
      expect(JSON.parse(drift.outputs['drifted-columns'])).toEqual(
        expect.arrayContaining(['monthly_spend', 'tenure_months']),
      );
      expect(github.issues(REPO)).toHaveLength(1);
    } finally {
      await github.stop();
      await fs.rm(checkout, { recursive: true, force: true });
    }
  });
});
