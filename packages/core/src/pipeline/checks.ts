import { lastFireTime } from './cron.js';
import type { JobReport, RegressionTest, SeriesStats, Windows, WorkflowReport } from './analyse.js';
import type { ThresholdKind, ThresholdRule, ThresholdSeverity } from './thresholds.js';

/** Threshold rules and heartbeats held against the analysed numbers. */

export interface PipelineCheck {
  /** 1-based rule number; absent for the built-in schedule checks. */
  rule?: number;
  workflow: string;
  job?: string;
  metric: string;
  kind: ThresholdKind | 'schedule' | 'inactivity';
  limit: number | null;
  value: number | null;
  baseline?: number | null;
  change_pct?: number | null;
  p_value?: number | null;
  severity: ThresholdSeverity;
  verdict: 'pass' | 'fail' | 'skip';
  reason: string;
}

export interface HeartbeatReport {
  workflow: string;
  path: string;
  crons: string[];
  state: string;
  last_scheduled_run: string | null;
  last_expected: string | null;
  overdue: boolean;
  /** Days before GitHub disables the schedule for inactivity (public repositories only). */
  days_until_disable: number | null;
}

const round = (v: number, digits = 4) => Number(v.toPrecision(digits));
const show = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : String(round(v));

function matchesWorkflow(rule: ThresholdRule, w: WorkflowReport): boolean {
  if (!rule.workflow) return true;
  const file = w.path.split('/').pop() ?? '';
  return [w.name, w.path, file].includes(rule.workflow);
}

function metricValue(
  s: { current: SeriesStats; baseline: SeriesStats },
  metric: string,
  side: 'current' | 'baseline',
): number | null {
  const stats = s[side];
  switch (metric) {
    case 'runs':
      return stats.runs;
    case 'success_rate':
    case 'duration_p50':
    case 'duration_p95':
    case 'queue_p50':
    case 'queue_p95':
      return stats[metric];
    default:
      return null;
  }
}

function testOf(metric: string, w: WorkflowReport | JobReport): RegressionTest | undefined {
  if (metric.startsWith('duration_')) return w.duration_regression;
  if (metric === 'success_rate' && 'success_rate_regression' in w) return w.success_rate_regression;
  return undefined;
}

export function evaluateRules(
  rules: ThresholdRule[],
  workflows: WorkflowReport[],
  significance: number,
): PipelineCheck[] {
  const checks: PipelineCheck[] = [];
  for (const rule of rules) {
    for (const w of workflows.filter((x) => matchesWorkflow(rule, x))) {
      const targets: Array<{ job?: string; r: WorkflowReport | JobReport }> = rule.job
        ? w.jobs.filter((j) => j.name === rule.job).map((j) => ({ job: j.name, r: j }))
        : [{ r: w }];
      for (const { job, r } of targets) {
        for (const [kind, limit] of Object.entries(rule.limits) as [ThresholdKind, number][]) {
          checks.push(check(rule, kind, limit, w.name, job, r, significance));
        }
      }
    }
  }
  return checks;
}

function check(
  rule: ThresholdRule,
  kind: ThresholdKind,
  limit: number,
  workflow: string,
  job: string | undefined,
  r: WorkflowReport | JobReport,
  alpha: number,
): PipelineCheck {
  const base: Omit<PipelineCheck, 'value' | 'verdict' | 'reason'> = {
    rule: rule.index,
    workflow,
    ...(job ? { job } : {}),
    metric: rule.metric,
    kind,
    limit,
    severity: rule.severity,
  };
  let value: number | null;
  if (rule.metric === 'failure_streak') value = r.failure_streak;
  else if (rule.metric === 'flaky_jobs') value = 'flaky_jobs' in r ? r.flaky_jobs : r.flaky;
  else value = metricValue(r, rule.metric, 'current');
  if (value === null)
    return { ...base, value, verdict: 'skip', reason: 'no finished runs in the window' };

  if (kind === 'min' || kind === 'max') {
    const fail = kind === 'min' ? value < limit : value > limit;
    return {
      ...base,
      value,
      verdict: fail ? 'fail' : 'pass',
      reason: fail
        ? `${show(value)} ${kind === 'min' ? '<' : '>'} ${kind} ${limit}`
        : `${show(value)} within ${kind} ${limit}`,
    };
  }
  const baseline = metricValue(r, rule.metric, 'baseline');
  if (baseline === null)
    return { ...base, value, baseline, verdict: 'skip', reason: 'no baseline runs' };
  const test = testOf(rule.metric, r);
  const pValue = test?.p_value ?? null;
  let exceeded: boolean;
  let change: number | null;
  let what: string;
  if (kind === 'max-increase-pct') {
    change = baseline === 0 ? (value > 0 ? Infinity : 0) : ((value - baseline) / baseline) * 100;
    exceeded = change > limit;
    what = `${show(baseline)} → ${show(value)} (+${show(change)}% > ${limit}%)`;
  } else if (kind === 'max-drop') {
    change = baseline === 0 ? null : ((value - baseline) / baseline) * 100;
    exceeded = baseline - value > limit;
    what = `${show(baseline)} → ${show(value)} (drop ${show(baseline - value)} > ${limit})`;
  } else {
    change = baseline === 0 ? null : ((value - baseline) / baseline) * 100;
    exceeded = baseline > 0 && ((baseline - value) / baseline) * 100 > limit;
    what = `${show(baseline)} → ${show(value)} (drop ${show(change === null ? null : -change)}% > ${limit}%)`;
  }
  const out = { ...base, value, baseline, change_pct: change, p_value: pValue };
  if (!exceeded) return { ...out, verdict: 'pass', reason: `change within ${kind} ${limit}` };
  if (test && pValue === null) {
    return {
      ...out,
      verdict: 'skip',
      reason: `${what}, but no test: ${test.note ?? 'too few runs'}`,
    };
  }
  if (test && pValue !== null && pValue >= alpha) {
    return {
      ...out,
      verdict: 'pass',
      reason: `${what}, not significant (p = ${show(pValue)} ≥ ${alpha})`,
    };
  }
  return {
    ...out,
    verdict: 'fail',
    reason: pValue === null ? what : `${what}, p = ${pValue.toExponential(2)} < ${alpha}`,
  };
}

/**
 * A schedule is overdue when its latest fire time at least `graceMs` ago produced no scheduled
 * run (GitHub starts scheduled runs late under load, so a fresh fire time is not held against it).
 */
export function heartbeat(
  workflow: { name: string; path: string; state: string },
  crons: string[],
  scheduledRuns: string[],
  repo: { private: boolean; pushedAt?: string },
  w: Windows,
  graceMs = 3_600_000,
): HeartbeatReport {
  const last = [...scheduledRuns].sort().pop() ?? null;
  const expected = lastFireTime(crons, new Date(w.now.getTime() - graceMs)) ?? null;
  const overdue =
    workflow.state === 'disabled_inactivity' ||
    (expected !== null && (last === null || Date.parse(last) < expected.getTime() - 5 * 60_000));
  const days =
    repo.private || !repo.pushedAt
      ? null
      : round(60 - (w.now.getTime() - Date.parse(repo.pushedAt)) / 86_400_000, 3);
  return {
    workflow: workflow.name,
    path: workflow.path,
    crons,
    state: workflow.state,
    last_scheduled_run: last,
    last_expected: expected?.toISOString() ?? null,
    overdue,
    days_until_disable: days,
  };
}

export function heartbeatChecks(h: HeartbeatReport, warnDays = 7): PipelineCheck[] {
  const checks: PipelineCheck[] = [
    {
      workflow: h.workflow,
      metric: 'schedule',
      kind: 'schedule',
      limit: null,
      value: null,
      severity: 'failure',
      verdict: h.overdue ? 'fail' : 'pass',
      reason: h.overdue
        ? h.state === 'disabled_inactivity'
          ? 'GitHub disabled the schedule for inactivity'
          : `no scheduled run since the one due at ${h.last_expected} (last: ${h.last_scheduled_run ?? 'none in the windows'})`
        : `last scheduled run ${h.last_scheduled_run ?? 'n/a'}`,
    },
  ];
  if (h.days_until_disable !== null) {
    const soon = h.days_until_disable <= warnDays;
    checks.push({
      workflow: h.workflow,
      metric: 'days_until_disable',
      kind: 'inactivity',
      limit: warnDays,
      value: h.days_until_disable,
      severity: 'warning',
      verdict: soon ? 'fail' : 'pass',
      reason: soon
        ? `GitHub disables this schedule in ${Math.max(0, Math.floor(h.days_until_disable))} days without repository activity`
        : `${Math.floor(h.days_until_disable)} days before the 60-day inactivity disable`,
    });
  }
  return checks;
}
