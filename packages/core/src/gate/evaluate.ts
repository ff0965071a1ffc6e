import { UserError } from '../inputs/user-error.js';
import type { LoadedMetrics, MetricsCheck } from '../metrics/metrics-file.js';
import { formatMetric } from '../report/format-number.js';
import type { LimitKind, Policy, PolicyRule, Severity } from './policy.js';

/**
 * Holds metrics against a policy. Pure: every number in the verdict comes from here.
 *
 * - min:          pass when value >= min
 * - max:          pass when value <= max
 * - max-drop:     pass when baseline - value <= max-drop       (higher is better)
 * - max-drop-pct: pass when (baseline - value) / |baseline| * 100 <= max-drop-pct
 * A drop rule without a baseline (or whose metric the baseline lacks) is skipped, not passed.
 */

export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  rule: number;
  metric: string;
  kind: LimitKind;
  limit: number;
  severity: Severity;
  value: number;
  baseline: number | null;
  /** value - baseline */
  delta: number | null;
  /** (value - baseline) / |baseline| * 100 */
  deltaPct: number | null;
  verdict: Verdict;
  /** One line saying why, e.g. "0.85 < min 0.9". */
  reason: string;
}

export interface GateResult {
  passed: boolean;
  checks: CheckResult[];
  /** Checks that failed with severity failure. */
  failed: CheckResult[];
  /** Failed checks reported by the metrics file itself (e.g. smoke-test's). */
  failedFileChecks: MetricsCheck[];
  counts: Record<Verdict, number>;
}

// Metrics round-trip through JSON and arithmetic: 0.93 - 0.92 is 0.010000000000000009, which
// must not fail "max-drop: 0.01". Comparisons allow this much relative slack.
const RELATIVE_SLACK = 1e-9;

function within(value: number, limit: number, direction: 'le' | 'ge'): boolean {
  const slack = RELATIVE_SLACK * Math.max(1, Math.abs(value), Math.abs(limit));
  return direction === 'le' ? value <= limit + slack : value >= limit - slack;
}

/** Every numeric leaf as a dotted path, for "metrics that exist" messages. */
export function listMetricNames(metrics: Record<string, unknown>, prefix = ''): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number') names.push(name);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      names.push(...listMetricNames(value as Record<string, unknown>, name));
    }
  }
  return names;
}

/** Looks a metric up by exact key first (keys may contain dots), then as a dotted path. */
export function lookupMetric(
  metrics: Record<string, unknown>,
  name: string,
): { found: boolean; value: unknown } {
  if (Object.hasOwn(metrics, name)) return { found: true, value: metrics[name] };
  let node: unknown = metrics;
  for (const part of name.split('.')) {
    if (
      typeof node !== 'object' ||
      node === null ||
      Array.isArray(node) ||
      !Object.hasOwn(node, part)
    ) {
      return { found: false, value: undefined };
    }
    node = (node as Record<string, unknown>)[part];
  }
  return { found: true, value: node };
}

function numericMetric(
  file: LoadedMetrics,
  input: string,
  name: string,
  rule: PolicyRule,
): number | undefined {
  const { found, value } = lookupMetric(file.metrics, name);
  if (!found) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const got =
      typeof value === 'number'
        ? `${value}` // Infinity: a number beyond ±1.8e308 in the file
        : typeof value === 'string'
          ? `${JSON.stringify(value)} (a string)`
          : JSON.stringify(value);
    throw new UserError(
      `metric '${name}' (policy rule ${rule.index}) in '${file.source}' is not a finite number: got ${got}.`,
      input,
    );
  }
  return value;
}

function describeAvailable(file: LoadedMetrics): string {
  const names = listMetricNames(file.metrics);
  if (names.length === 0) return 'the file has no numeric metrics';
  const shown = names.slice(0, 30).join(', ');
  return `metrics in the file: ${shown}${names.length > 30 ? `, … (${names.length} in all)` : ''}`;
}

function checkLimit(
  rule: PolicyRule,
  kind: LimitKind,
  limit: number,
  value: number,
  baseline: number | undefined,
  baselineNote: string,
): CheckResult {
  const delta = baseline === undefined ? null : value - baseline;
  const deltaPct =
    baseline === undefined || baseline === 0
      ? null
      : ((value - baseline) / Math.abs(baseline)) * 100;
  const base = {
    rule: rule.index,
    metric: rule.metric,
    kind,
    limit,
    severity: rule.severity,
    value,
    baseline: baseline ?? null,
    delta,
    deltaPct,
  };
  let ok: boolean;
  let reason: string;
  switch (kind) {
    case 'min':
      ok = within(value, limit, 'ge');
      reason = `${formatMetric(value)} ${ok ? '>=' : '<'} min ${formatMetric(limit)}`;
      break;
    case 'max':
      ok = within(value, limit, 'le');
      reason = `${formatMetric(value)} ${ok ? '<=' : '>'} max ${formatMetric(limit)}`;
      break;
    case 'max-drop': {
      if (baseline === undefined) return { ...base, verdict: 'skip', reason: baselineNote };
      const drop = baseline - value;
      ok = within(drop, limit, 'le');
      reason = `drop ${formatMetric(drop)} from baseline ${formatMetric(baseline)} ${ok ? '<=' : '>'} max-drop ${formatMetric(limit)}`;
      break;
    }
    case 'max-drop-pct': {
      if (baseline === undefined) return { ...base, verdict: 'skip', reason: baselineNote };
      const dropPct =
        baseline === 0
          ? value < 0
            ? Infinity
            : 0
          : ((baseline - value) / Math.abs(baseline)) * 100;
      ok = within(dropPct, limit, 'le');
      reason = `drop ${formatMetric(dropPct)}% from baseline ${formatMetric(baseline)} ${ok ? '<=' : '>'} max-drop-pct ${formatMetric(limit)}%`;
      break;
    }
  }
  const verdict: Verdict = ok ? 'pass' : rule.severity === 'warning' ? 'warn' : 'fail';
  return { ...base, verdict, reason };
}

export function evaluatePolicy(
  policy: Policy,
  metrics: LoadedMetrics,
  baseline?: LoadedMetrics,
  inputs: { metrics: string; baseline: string } = { metrics: 'metrics', baseline: 'baseline' },
): GateResult {
  const checks: CheckResult[] = [];
  for (const rule of policy.rules) {
    const value = numericMetric(metrics, inputs.metrics, rule.metric, rule);
    if (value === undefined) {
      throw new UserError(
        `policy rule ${rule.index} names metric '${rule.metric}', which '${metrics.source}' does not have; ${describeAvailable(metrics)}.`,
        inputs.metrics,
      );
    }
    const base = baseline ? numericMetric(baseline, inputs.baseline, rule.metric, rule) : undefined;
    const note = baseline
      ? `baseline '${baseline.source}' has no metric '${rule.metric}'`
      : 'no baseline given';
    for (const kind of Object.keys(rule.limits) as LimitKind[]) {
      checks.push(checkLimit(rule, kind, rule.limits[kind]!, value, base, note));
    }
  }
  const failedFileChecks = (metrics.checks ?? []).filter((c) => c.status === 'fail');
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const c of checks) counts[c.verdict]++;
  const failed = checks.filter((c) => c.verdict === 'fail');
  return {
    passed: failed.length === 0 && failedFileChecks.length === 0,
    checks,
    failed,
    failedFileChecks,
    counts,
  };
}
