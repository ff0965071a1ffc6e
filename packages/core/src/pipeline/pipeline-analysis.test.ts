import {
  analyseWorkflow,
  deliveryMetrics,
  findFlaky,
  percentile,
  type Windows,
} from './analyse.js';
import { evaluateRules, heartbeat } from './checks.js';
import { cronFireTimes, lastFireTime, parseCron } from './cron.js';
import type { DeploymentInfo, JobInfo, RunInfo } from './github-reads.js';
import { schedulesOf } from './github-reads.js';
import { DEFAULT_THRESHOLDS_YAML, parseDuration, parseThresholds } from './thresholds.js';

const NOW = new Date('2026-12-03T08:00:00Z');
const H = 3_600_000;
const W: Windows = {
  now: NOW,
  currentFrom: new Date(NOW.getTime() - 7 * 24 * H),
  baselineFrom: new Date(NOW.getTime() - 35 * 24 * H),
};
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * H).toISOString();

function run(
  id: number,
  hoursAgo: number,
  conclusion: string,
  durationS = 100,
  sha = `s${id}`,
): RunInfo {
  const created = at(hoursAgo);
  const started = new Date(Date.parse(created) + 10_000).toISOString();
  return {
    id,
    workflowId: 1,
    name: 'ci',
    headSha: sha,
    headBranch: 'main',
    event: 'push',
    status: 'completed',
    conclusion,
    createdAt: created,
    startedAt: started,
    updatedAt: new Date(Date.parse(started) + durationS * 1000).toISOString(),
    attempt: 1,
    htmlUrl: '',
  };
}

function job(runId: number, attempt: number, name: string, conclusion: string): JobInfo {
  return {
    id: runId * 10 + attempt,
    runId,
    attempt,
    name,
    status: 'completed',
    conclusion,
    createdAt: at(1),
    startedAt: at(1),
    completedAt: at(0.5),
  };
}

describe('cron', () => {
  test('fires at the listed minutes, ranges and steps, with day-of-month OR day-of-week', () => {
    const times = cronFireTimes(
      '*/30 9-10 * * *',
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(times.map((t) => t.toISOString().slice(11, 16))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
    ]);
    // 1st of the month or any Monday.
    const days = cronFireTimes(
      '0 0 1 * mon',
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-31T00:00:00Z'),
    );
    expect(days.map((t) => t.getUTCDate())).toEqual([1, 7, 14, 21, 28]);
    expect(() => parseCron('0 0 * *')).toThrow(/five fields/);
    expect(lastFireTime(['17 6 * * *'], NOW)!.toISOString()).toBe('2026-12-03T06:17:00.000Z');
  });

  test('schedules are read from the workflow file', () => {
    expect(
      schedulesOf("on:\n  schedule:\n    - cron: '1 2 * * *'\n    - cron: '3 4 * * 1'\n  push:\n"),
    ).toEqual(['1 2 * * *', '3 4 * * 1']);
    expect(schedulesOf('on: push\n')).toEqual([]);
  });
});

describe('analysis', () => {
  test('percentiles interpolate like numpy', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(percentile([], 0.5)).toBeNull();
  });

  test('failure streaks count back from the newest decided run; cancelled runs are left out', () => {
    const runs = [
      run(1, 50, 'success'),
      run(2, 40, 'failure'),
      run(3, 30, 'cancelled'),
      run(4, 20, 'failure'),
      run(5, 10, 'timed_out'),
    ];
    const report = analyseWorkflow(
      { id: 1, name: 'ci', path: '.github/workflows/ci.yml' },
      runs,
      [],
      W,
    );
    expect(report.failure_streak).toBe(3);
    expect(report.current.runs).toBe(5);
    expect(report.current.decided).toBe(4);
    expect(report.current.success_rate).toBe(0.25);
  });

  test('a job that failed and passed on the same commit is flaky, across attempts and across runs', () => {
    const runs = [
      run(1, 20, 'success', 100, 'aaa'),
      run(2, 10, 'failure', 100, 'bbb'),
      run(3, 5, 'success', 100, 'bbb'),
    ];
    const jobs = [
      job(1, 1, 'test', 'failure'),
      job(1, 2, 'test', 'success'),
      job(2, 1, 'lint', 'failure'),
      job(3, 1, 'lint', 'success'),
      job(3, 1, 'test', 'success'),
    ];
    expect(findFlaky(runs, jobs)).toEqual([
      {
        job: 'lint',
        head_sha: 'bbb',
        failed: { run_id: 2, attempt: 1 },
        passed: { run_id: 3, attempt: 1 },
      },
      {
        job: 'test',
        head_sha: 'aaa',
        failed: { run_id: 1, attempt: 1 },
        passed: { run_id: 1, attempt: 2 },
      },
    ]);
  });

  test('delivery metrics of a history with a failure, a rollback and their restores', () => {
    const d = (
      id: number,
      createdH: number,
      commitH: number,
      statuses: Array<[string, number]>,
      operation?: string,
    ): DeploymentInfo => ({
      id,
      sha: `c${id}`,
      environment: 'production',
      createdAt: at(createdH),
      operation,
      commitAt: at(commitH),
      statuses: statuses.map(([state, h]) => ({ state, createdAt: at(h), description: '' })),
    });
    const m = deliveryMetrics(
      'production',
      [
        d(1, 30, 40, [['success', 29]]), // lead 11 h, then rolled back
        d(2, 20, 40, [['success', 19]], 'rollback'), // restores #1 after 10 h
        d(3, 10, 12, [['error', 9]]), // failed, never restored
      ],
      W,
    );
    expect(m).toMatchObject({
      deployments: 3,
      successful: 1,
      rollbacks: 1,
      failed: 2,
      change_failure_rate: 1,
      lead_time_hours_p50: 11,
      time_to_restore_hours_p50: 10,
      restores: 1,
      unrestored: 1,
    });
  });
});

describe('thresholds and checks', () => {
  test('the built-in rules parse; bad rules are refused with their number', () => {
    expect(parseThresholds(DEFAULT_THRESHOLDS_YAML).map((r) => r.metric)).toEqual([
      'success_rate',
      'failure_streak',
      'duration_p50',
      'success_rate',
      'flaky_jobs',
    ]);
    expect(() => parseThresholds('rules:\n  - metric: success_rate\n')).toThrow(
      /rule 1 \(success_rate\) sets no limit/,
    );
    expect(() =>
      parseThresholds('rules:\n  - metric: success_rate\n    min: 1\n    colour: red\n'),
    ).toThrow(/unknown key/);
    expect(parseDuration('30d')).toBe(30 * 24 * H);
    expect(parseDuration('12h')).toBe(12 * H);
    expect(() => parseDuration('soon')).toThrow(/duration like 30d/);
  });

  test('a large but insignificant increase passes; a scoped rule is checked per job', () => {
    // 5 + 5 runs, durations overlapping heavily: +30% median but far from significant.
    const runs = [
      ...[100, 300, 500, 200, 400].map((s, i) => run(10 + i, 200 + i, 'success', s)),
      ...[130, 390, 650, 260, 400].map((s, i) => run(20 + i, 10 + i, 'success', s)),
    ];
    const jobs = runs.map((r) => job(r.id, 1, 'build', 'success'));
    const report = analyseWorkflow(
      { id: 1, name: 'ci', path: '.github/workflows/ci.yml' },
      runs,
      jobs,
      W,
    );
    const checks = evaluateRules(
      parseThresholds(
        'rules:\n  - metric: duration_p50\n    max-increase-pct: 10\n  - metric: runs\n    workflow: ci.yml\n    job: build\n    min: 6\n',
      ),
      [report],
      0.05,
    );
    expect(checks[0].verdict).toBe('pass');
    expect(checks[0].reason).toMatch(/not significant/);
    expect(checks[1]).toMatchObject({ job: 'build', value: 5, verdict: 'fail' });
  });

  test('heartbeat: overdue when the last due fire time has no scheduled run', () => {
    const wf = { name: 'drift', path: '.github/workflows/drift.yml', state: 'active' };
    const repo = { private: false, pushedAt: at(24 * 50) };
    const late = heartbeat(wf, ['17 6 * * *'], [at(26)], repo, W);
    expect(late.overdue).toBe(true);
    expect(late.days_until_disable).toBeCloseTo(10);
    const fine = heartbeat(wf, ['17 6 * * *'], [at(1.6)], { private: true }, W);
    expect(fine.overdue).toBe(false);
    expect(fine.days_until_disable).toBeNull();
  });
});
