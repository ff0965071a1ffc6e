import { UserError } from '../inputs/user-error.js';
import type { LoadedMetrics, MetricsCheck } from '../metrics/metrics-file.js';
import type { LoadedPredictions } from '../metrics/predictions-rows.js';
import { formatMetric } from '../report/format-number.js';
import {
  BASELINE_KINDS,
  type LimitKind,
  type Policy,
  type PolicyRule,
  type Severity,
} from './policy.js';
import { metricInterval, pairedDifference, type Significance } from './significance.js';

/**
 * Holds metrics against a policy. Pure: every number in the verdict comes from here.
 *
 * - min:          pass when value >= min
 * - max:          pass when value <= max
 * - max-drop:     pass when baseline - value <= max-drop       (higher is better)
 * - max-drop-pct: pass when (baseline - value) / |baseline| * 100 <= max-drop-pct
 * - max-increase:     pass when value - baseline <= max-increase   (lower is better)
 * - max-increase-pct: pass when (value - baseline) / |baseline| * 100 <= max-increase-pct
 * A baseline rule without a baseline (or whose metric the baseline lacks) fails, unless the
 * policy or the rule says `on-missing-baseline: skip` (then it is skipped, never passed).
 * With `confidence`, see significance.ts and docs/gate.md.
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
  /** Rules with `confidence`: the level, the interval, the test and (baseline rules) the p-value. */
  confidence?: number;
  interval?: [number, number];
  pValue?: number;
  test?: Significance['test'];
}

export interface GateResult {
  passed: boolean;
  checks: CheckResult[];
  /** Checks that failed with severity failure. */
  failed: CheckResult[];
  /** Failed checks reported by the metrics file itself (e.g. smoke-test's). */
  failedFileChecks: MetricsCheck[];
  counts: Record<Verdict, number>;
  /** Things the reader must know that are not a rule's verdict (a baseline on other data). */
  warnings: string[];
}

/** Per-row predictions for rules with `confidence`. */
export interface SignificanceInputs {
  predictions?: LoadedPredictions;
  baselinePredictions?: LoadedPredictions;
  /** Why there is no baseline, for the missing-baseline verdicts (default: none was given). */
  noBaseline?: string;
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

function failVerdict(rule: PolicyRule): Verdict {
  return rule.severity === 'warning' ? 'warn' : 'fail';
}

function fmtInterval(i: [number, number]): string {
  return `[${formatMetric(i[0])}, ${formatMetric(i[1])}]`;
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : formatMetric(Number(p.toPrecision(2)));
}

function checkLimit(
  rule: PolicyRule,
  kind: LimitKind,
  limit: number,
  value: number,
  baseline: number | undefined,
  baselineNote: string,
  significance?: Significance,
): CheckResult {
  const delta = baseline === undefined ? null : value - baseline;
  const deltaPct =
    baseline === undefined || baseline === 0
      ? null
      : ((value - baseline) / Math.abs(baseline)) * 100;
  const base: Omit<CheckResult, 'verdict' | 'reason'> = {
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
  if (significance) {
    base.confidence = significance.confidence;
    base.interval = significance.interval;
    if (significance.pValue !== undefined) base.pValue = significance.pValue;
    base.test = significance.test;
  }
  if (BASELINE_KINDS.includes(kind) && baseline === undefined) {
    return rule.onMissingBaseline === 'skip'
      ? { ...base, verdict: 'skip', reason: baselineNote }
      : {
          ...base,
          verdict: failVerdict(rule),
          reason: `${baselineNote} (give a baseline, or set on-missing-baseline: skip)`,
        };
  }
  const level = significance ? `${Math.round(significance.confidence * 1000) / 10}%` : '';
  let ok: boolean;
  let reason: string;
  switch (kind) {
    case 'min':
    case 'max': {
      const le = kind === 'max';
      ok = within(value, limit, le ? 'le' : 'ge');
      reason = `${formatMetric(value)} ${ok ? (le ? '<=' : '>=') : le ? '>' : '<'} ${kind} ${formatMetric(limit)}`;
      if (significance) {
        const [low, high] = significance.interval;
        const ci = `${level} CI ${fmtInterval(significance.interval)}`;
        if (!Number.isFinite(low) || !Number.isFinite(high)) {
          return {
            ...base,
            verdict: failVerdict(rule),
            reason: `${reason}; the bootstrap interval is undefined (too few rows or one class only)`,
          };
        }
        // Significantly on the wrong side: fail. Significantly on the right side: pass.
        // The interval contains the limit: not enough rows to tell, a warning.
        const surelyOk = le ? within(high, limit, 'le') : within(low, limit, 'ge');
        const surelyBad = le ? !within(low, limit, 'le') : !within(high, limit, 'ge');
        if (surelyOk)
          return {
            ...base,
            verdict: 'pass',
            reason: `${ci} ${le ? '<=' : '>='} ${kind} ${formatMetric(limit)}`,
          };
        if (surelyBad) {
          return {
            ...base,
            verdict: failVerdict(rule),
            reason: `${ci} entirely ${le ? 'above max' : 'below min'} ${formatMetric(limit)}`,
          };
        }
        return {
          ...base,
          verdict: 'warn',
          reason: `${reason}, but the ${ci} contains ${formatMetric(limit)}: not significant at this sample size`,
        };
      }
      break;
    }
    case 'max-drop':
    case 'max-increase':
    case 'max-drop-pct':
    case 'max-increase-pct': {
      const b = baseline!;
      const drop = kind === 'max-drop' || kind === 'max-drop-pct';
      const pct = kind.endsWith('-pct');
      const change = drop ? b - value : value - b;
      const amount = pct
        ? b === 0
          ? change > 0
            ? Infinity
            : 0
          : (change / Math.abs(b)) * 100
        : change;
      const word = drop ? 'drop' : 'increase';
      ok = within(amount, limit, 'le');
      reason = `${word} ${formatMetric(amount)}${pct ? '%' : ''} from baseline ${formatMetric(b)} ${ok ? '<=' : '>'} ${kind} ${formatMetric(limit)}${pct ? '%' : ''}`;
      if (significance && !ok) {
        const p = significance.pValue ?? Number.NaN;
        const alpha = 1 - significance.confidence;
        const test = significance.test === 'mcnemar' ? 'exact McNemar' : 'paired bootstrap';
        const stats = `${test} p = ${fmtP(p)}, ${level} CI of the change ${fmtInterval(significance.interval)}`;
        if (p < alpha) {
          return {
            ...base,
            verdict: failVerdict(rule),
            reason: `${reason}; significant (${stats})`,
          };
        }
        return {
          ...base,
          verdict: 'warn',
          reason: `${reason}, but not significant (${stats} >= ${formatMetric(Number(alpha.toPrecision(3)))})`,
        };
      }
      if (significance) {
        reason += ` (${significance.test === 'mcnemar' ? 'exact McNemar' : 'paired bootstrap'} p = ${fmtP(significance.pValue ?? Number.NaN)})`;
      }
      break;
    }
  }
  return { ...base, verdict: ok ? 'pass' : failVerdict(rule), reason };
}

/** A warning when the candidate and the baseline were measured on different data. */
export function datasetWarnings(metrics: LoadedMetrics, baseline?: LoadedMetrics): string[] {
  const a = metrics.dataset?.sha256;
  const b = baseline?.dataset?.sha256;
  if (!baseline || typeof a !== 'string' || typeof b !== 'string' || a === b) return [];
  return [
    `The baseline '${baseline.source}' was measured on other data than the candidate (dataset sha256 ${b.slice(0, 12)}… vs ${a.slice(0, 12)}…): drops and increases compare different datasets.`,
  ];
}

export function evaluatePolicy(
  policy: Policy,
  metrics: LoadedMetrics,
  baseline?: LoadedMetrics,
  inputs: { metrics: string; baseline: string } = { metrics: 'metrics', baseline: 'baseline' },
  rowsIn: SignificanceInputs = {},
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
      : (rowsIn.noBaseline ?? 'no baseline given');
    for (const kind of Object.keys(rule.limits) as LimitKind[]) {
      let significance: Significance | undefined;
      let kindBase = base;
      let kindNote = note;
      const isBaselineRule = BASELINE_KINDS.includes(kind);
      if (rule.confidence !== undefined) {
        if (!rowsIn.predictions) {
          throw new UserError(
            `policy rule ${rule.index} (${rule.metric}) sets confidence, which needs the per-row predictions file smoke-test writes; '${metrics.source}' names none: give the predictions input.`,
            'predictions',
          );
        }
        if (!isBaselineRule) {
          significance = metricInterval(
            rowsIn.predictions,
            rule.metric,
            rule.confidence,
            rule.index,
          );
        } else if (base !== undefined) {
          if (rowsIn.baselinePredictions) {
            significance = pairedDifference(
              rowsIn.predictions,
              rowsIn.baselinePredictions,
              rule.metric,
              rule.confidence,
              rule.index,
            );
          } else {
            // Without the baseline's rows no paired test is possible: a missing baseline.
            kindBase = undefined;
            kindNote = `no baseline-predictions given for the paired test (confidence ${rule.confidence})`;
          }
        }
      }
      checks.push(
        checkLimit(rule, kind, rule.limits[kind]!, value, kindBase, kindNote, significance),
      );
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
    warnings: datasetWarnings(metrics, baseline),
  };
}
