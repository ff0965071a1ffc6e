import { mannWhitneyU } from '../stats/mann-whitney.js';
import { quantile } from '../stats/quantiles.js';
import { twoProportionZTest } from '../stats/two-proportion.js';
import type { DeploymentInfo, JobInfo, RunInfo } from './github-reads.js';

/**
 * The pure part of pipeline-monitor: from runs, jobs and deployments to the numbers of the
 * `ml-actions/pipeline-report@1` file (snake_case, as written). Durations and queue times are
 * in seconds, lead times and times to restore in hours.
 */

export interface Windows {
  now: Date;
  /** Start of the current window. */
  currentFrom: Date;
  /** Start of the baseline window (it ends where the current one starts). */
  baselineFrom: Date;
}

export interface SeriesStats {
  runs: number;
  /** Runs that ended success or failure (cancelled and skipped runs are left out). */
  decided: number;
  successes: number;
  success_rate: number | null;
  duration_p50: number | null;
  duration_p95: number | null;
  queue_p50: number | null;
  queue_p95: number | null;
}

export interface RegressionTest {
  /** Mann–Whitney U (durations) or two-proportion z (success rate). */
  test: 'mann-whitney-u' | 'two-proportion-z';
  current: number | null;
  baseline: number | null;
  change_pct: number | null;
  statistic: number | null;
  p_value: number | null;
  /** Why no test ran (too few runs). */
  note?: string;
}

export interface FlakyEvidence {
  job: string;
  head_sha: string;
  failed: { run_id: number; attempt: number };
  passed: { run_id: number; attempt: number };
}

export interface JobReport {
  name: string;
  current: SeriesStats;
  baseline: SeriesStats;
  failure_streak: number;
  flaky: number;
  duration_regression: RegressionTest;
}

export interface TimelinePoint {
  day: string;
  runs: number;
  success_rate: number | null;
  duration_p50: number | null;
}

export interface WorkflowReport {
  id: number;
  name: string;
  path: string;
  current: SeriesStats;
  baseline: SeriesStats;
  failure_streak: number;
  longest_failure_streak: number;
  flaky_jobs: number;
  flaky: FlakyEvidence[];
  duration_regression: RegressionTest;
  success_rate_regression: RegressionTest;
  jobs: JobReport[];
  timeline: TimelinePoint[];
  last_run?: { id: number; created_at: string; conclusion: string | null; url: string };
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);
/** Fewest values per side for a regression test. */
export const MIN_TEST_SAMPLE = 5;

const seconds = (from: string | null, to: string | null) =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : undefined;

/** numpy's quantile `q` of the values; null when there are none (the report's "no runs"). */
export function percentile(values: number[], q: number): number | null {
  return values.length === 0 ? null : quantile(values, q);
}

interface Execution {
  conclusion: string | null;
  duration?: number;
  queue?: number;
}

function series(items: Execution[]): SeriesStats {
  const decided = items.filter((i) => i.conclusion === 'success' || FAILED.has(i.conclusion ?? ''));
  const successes = decided.filter((i) => i.conclusion === 'success').length;
  const durations = items.map((i) => i.duration).filter((d): d is number => d !== undefined);
  const queues = items.map((i) => i.queue).filter((d): d is number => d !== undefined);
  return {
    runs: items.length,
    decided: decided.length,
    successes,
    success_rate: decided.length ? successes / decided.length : null,
    duration_p50: percentile(durations, 0.5),
    duration_p95: percentile(durations, 0.95),
    queue_p50: percentile(queues, 0.5),
    queue_p95: percentile(queues, 0.95),
  };
}

function durationTest(current: number[], baseline: number[]): RegressionTest {
  const base = percentile(baseline, 0.5);
  const cur = percentile(current, 0.5);
  const change = base && cur !== null ? ((cur - base) / base) * 100 : null;
  if (current.length < MIN_TEST_SAMPLE || baseline.length < MIN_TEST_SAMPLE) {
    return {
      test: 'mann-whitney-u',
      current: cur,
      baseline: base,
      change_pct: change,
      statistic: null,
      p_value: null,
      note: `needs ${MIN_TEST_SAMPLE} completed runs on each side`,
    };
  }
  const r = mannWhitneyU(current, baseline);
  return {
    test: 'mann-whitney-u',
    current: cur,
    baseline: base,
    change_pct: change,
    statistic: r.statistic,
    p_value: r.pValue,
  };
}

function successTest(current: SeriesStats, baseline: SeriesStats): RegressionTest {
  const change =
    baseline.success_rate && current.success_rate !== null
      ? ((current.success_rate - baseline.success_rate) / baseline.success_rate) * 100
      : null;
  const out: RegressionTest = {
    test: 'two-proportion-z',
    current: current.success_rate,
    baseline: baseline.success_rate,
    change_pct: change,
    statistic: null,
    p_value: null,
  };
  if (current.decided < MIN_TEST_SAMPLE || baseline.decided < MIN_TEST_SAMPLE) {
    return { ...out, note: `needs ${MIN_TEST_SAMPLE} finished runs on each side` };
  }
  const r = twoProportionZTest(
    current.successes,
    current.decided,
    baseline.successes,
    baseline.decided,
  );
  return { ...out, statistic: r.statistic, p_value: r.pValue };
}

/** Consecutive failures from the newest decided execution back, and the longest such run. */
function streaks(newestFirst: (string | null)[]): { current: number; longest: number } {
  const decided = newestFirst.filter((c) => c === 'success' || FAILED.has(c ?? ''));
  let current = 0;
  while (current < decided.length && decided[current] !== 'success') current++;
  let longest = 0;
  let run = 0;
  for (const c of decided) {
    run = c === 'success' ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return { current, longest };
}

/**
 * A job is flaky on a commit when one execution of it failed and a later one (a re-run attempt
 * of the same run, or another run of the same workflow on the same commit) passed.
 */
export function findFlaky(runs: RunInfo[], jobs: JobInfo[]): FlakyEvidence[] {
  const shaOf = new Map(runs.map((r) => [r.id, r.headSha]));
  const createdOf = new Map(runs.map((r) => [r.id, r.createdAt]));
  const groups = new Map<string, JobInfo[]>();
  for (const j of jobs) {
    const sha = shaOf.get(j.runId);
    if (!sha) continue;
    const key = `${j.name}\u0000${sha}`;
    const list = groups.get(key) ?? [];
    list.push(j);
    groups.set(key, list);
  }
  const out: FlakyEvidence[] = [];
  for (const [key, list] of groups) {
    const ordered = [...list].sort(
      (a, b) =>
        (createdOf.get(a.runId) ?? '').localeCompare(createdOf.get(b.runId) ?? '') ||
        a.runId - b.runId ||
        a.attempt - b.attempt,
    );
    const failed = ordered.find((j) => FAILED.has(j.conclusion ?? ''));
    if (!failed) continue;
    const passed = ordered
      .slice(ordered.indexOf(failed) + 1)
      .find((j) => j.conclusion === 'success');
    if (!passed) continue;
    const [job, sha] = key.split('\u0000');
    out.push({
      job,
      head_sha: sha,
      failed: { run_id: failed.runId, attempt: failed.attempt },
      passed: { run_id: passed.runId, attempt: passed.attempt },
    });
  }
  return out.sort((a, b) => a.job.localeCompare(b.job) || a.head_sha.localeCompare(b.head_sha));
}

/** A run's or a job's outcome and times; an unfinished one has neither conclusion nor duration yet. */
function execution(
  x: { status: string; conclusion: string | null; createdAt: string; startedAt: string | null },
  endedAt: string | null,
): Execution {
  const done = x.status === 'completed';
  return {
    conclusion: done ? x.conclusion : null,
    duration: done ? seconds(x.startedAt, endedAt) : undefined,
    queue: seconds(x.createdAt, x.startedAt),
  };
}

const runExecution = (r: RunInfo): Execution => execution(r, r.updatedAt);
const jobExecution = (j: JobInfo): Execution => execution(j, j.completedAt);

function timeline(runs: RunInfo[]): TimelinePoint[] {
  const byDay = new Map<string, RunInfo[]>();
  for (const r of runs) {
    const day = r.createdAt.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  return [...byDay.keys()].sort().map((day) => {
    const s = series(byDay.get(day)!.map(runExecution));
    return { day, runs: s.runs, success_rate: s.success_rate, duration_p50: s.duration_p50 };
  });
}

export function analyseWorkflow(
  workflow: { id: number; name: string; path: string },
  runs: RunInfo[],
  jobs: JobInfo[],
  w: Windows,
): WorkflowReport {
  const inCurrent = (t: string) => Date.parse(t) >= w.currentFrom.getTime();
  const current = runs.filter((r) => inCurrent(r.createdAt));
  const baseline = runs.filter(
    (r) => !inCurrent(r.createdAt) && Date.parse(r.createdAt) >= w.baselineFrom.getTime(),
  );
  const cur = current.map(runExecution);
  const base = baseline.map(runExecution);
  const curStats = series(cur);
  const baseStats = series(base);
  const newestFirst = [...current].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const streak = streaks(newestFirst.map((r) => (r.status === 'completed' ? r.conclusion : null)));

  const currentIds = new Set(current.map((r) => r.id));
  const flaky = findFlaky(runs, jobs).filter((f) => currentIds.has(f.passed.run_id));
  const runCreated = new Map(runs.map((r) => [r.id, r.createdAt]));
  const jobNames = [...new Set(jobs.map((j) => j.name))].sort();
  const jobReports = jobNames.map((name): JobReport => {
    const mine = jobs.filter((j) => j.name === name && runCreated.has(j.runId));
    const jc = mine.filter((j) => inCurrent(runCreated.get(j.runId)!));
    const jb = mine.filter((j) => !inCurrent(runCreated.get(j.runId)!));
    const order = [...jc].sort(
      (a, b) =>
        runCreated.get(b.runId)!.localeCompare(runCreated.get(a.runId)!) || b.attempt - a.attempt,
    );
    const durations = (list: JobInfo[]) =>
      list
        .map(jobExecution)
        .map((e) => e.duration)
        .filter((d): d is number => d !== undefined);
    return {
      name,
      current: series(jc.map(jobExecution)),
      baseline: series(jb.map(jobExecution)),
      failure_streak: streaks(order.map((j) => (j.status === 'completed' ? j.conclusion : null)))
        .current,
      flaky: flaky.filter((f) => f.job === name).length,
      duration_regression: durationTest(durations(jc), durations(jb)),
    };
  });
  const last = newestFirst[0];
  const durations = (list: Execution[]) =>
    list.map((e) => e.duration).filter((d): d is number => d !== undefined);
  return {
    id: workflow.id,
    name: workflow.name,
    path: workflow.path,
    current: curStats,
    baseline: baseStats,
    failure_streak: streak.current,
    longest_failure_streak: streak.longest,
    flaky_jobs: new Set(flaky.map((f) => f.job)).size,
    flaky,
    duration_regression: durationTest(durations(cur), durations(base)),
    success_rate_regression: successTest(curStats, baseStats),
    jobs: jobReports,
    timeline: timeline(current),
    ...(last
      ? {
          last_run: {
            id: last.id,
            created_at: last.createdAt,
            conclusion: last.conclusion,
            url: last.htmlUrl,
          },
        }
      : {}),
  };
}

// ---- delivery metrics ----

export interface DeliveryReport {
  environment: string;
  /** Deployments created in the current window (rollbacks included). */
  deployments: number;
  /** Deployments (not rollbacks) that reached a success status, later rolled back or not. */
  successful: number;
  rollbacks: number;
  /** successful / days of the current window. */
  deployments_per_day: number;
  lead_time_hours_p50: number | null;
  lead_time_hours_mean: number | null;
  /** Failed (failure/error status, or rolled back) over finished deployments; rollbacks left out. */
  change_failure_rate: number | null;
  failed: number;
  time_to_restore_hours_p50: number | null;
  restores: number;
  /** Failed deployments with no later success yet. */
  unrestored: number;
}

const firstStatus = (d: DeploymentInfo, states: string[]) =>
  d.statuses.find((s) => states.includes(s.state));

/**
 * DORA metrics of one environment from its Deployments (oldest first), as the deploy action
 * records them: a deployment failed when it has a failure or error status, or when the next
 * deployment of the environment is a rollback (payload.operation = rollback). A failure is
 * restored by the first later success status of any deployment of the environment.
 */
export function deliveryMetrics(
  environment: string,
  deployments: DeploymentInfo[],
  w: Windows,
): DeliveryReport {
  const all = [...deployments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const inWindow = all.filter((d) => Date.parse(d.createdAt) >= w.currentFrom.getTime());
  const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
  const leadTimes: number[] = [];
  const restoreTimes: number[] = [];
  let successful = 0;
  let failed = 0;
  let unrestored = 0;
  let finished = 0;
  for (const d of inWindow) {
    if (d.operation === 'rollback') continue;
    const next = all[all.indexOf(d) + 1];
    const failure = firstStatus(d, ['failure', 'error']);
    const success = failure ? undefined : firstStatus(d, ['success']);
    if (!failure && !success) continue; // still pending
    finished++;
    if (success) {
      successful++;
      if (d.commitAt) leadTimes.push(hours(d.commitAt, success.createdAt));
    }
    const rolledBack = success !== undefined && next?.operation === 'rollback';
    if (!failure && !rolledBack) continue;
    failed++;
    const brokenAt = failure ? failure.createdAt : success!.createdAt;
    const restore = all
      .slice(all.indexOf(d) + 1)
      .map((later) => firstStatus(later, ['success']))
      .find((s) => s !== undefined && s.createdAt > brokenAt);
    if (restore) restoreTimes.push(hours(brokenAt, restore.createdAt));
    else unrestored++;
  }
  const days = (w.now.getTime() - w.currentFrom.getTime()) / 86_400_000;
  const mean = leadTimes.length ? leadTimes.reduce((a, b) => a + b, 0) / leadTimes.length : null;
  return {
    environment,
    deployments: inWindow.length,
    successful,
    rollbacks: inWindow.filter((d) => d.operation === 'rollback').length,
    deployments_per_day: days > 0 ? successful / days : 0,
    lead_time_hours_p50: percentile(leadTimes, 0.5),
    lead_time_hours_mean: mean,
    change_failure_rate: finished ? failed / finished : null,
    failed,
    time_to_restore_hours_p50: percentile(restoreTimes, 0.5),
    restores: restoreTimes.length,
    unrestored,
  };
}
