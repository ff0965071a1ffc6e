import { parseDocument } from 'yaml';

/**
 * pipeline-monitor thresholds: the gate policy's rule shape (`metric`, limits, `severity`),
 * with limits that compare against the baseline window, and an optional scope (`workflow`,
 * `job`). A relative limit fails only when the change is also statistically significant
 * (Mann–Whitney U for durations, a two-proportion z test for the success rate), so a noisy
 * but stable workflow does not raise alerts.
 */

export type ThresholdSeverity = 'failure' | 'warning';
export type ThresholdKind = 'min' | 'max' | 'max-increase-pct' | 'max-drop' | 'max-drop-pct';
export const THRESHOLD_KINDS: readonly ThresholdKind[] = [
  'min',
  'max',
  'max-increase-pct',
  'max-drop',
  'max-drop-pct',
];

/** Metrics a rule may name, per workflow or per job. Durations and queue times are in seconds. */
export const PIPELINE_METRICS = [
  'runs',
  'success_rate',
  'duration_p50',
  'duration_p95',
  'queue_p50',
  'queue_p95',
  'failure_streak',
  'flaky_jobs',
] as const;
export type PipelineMetric = (typeof PIPELINE_METRICS)[number];

export interface ThresholdRule {
  index: number;
  metric: PipelineMetric;
  severity: ThresholdSeverity;
  /** Workflow name or file the rule applies to (default: every monitored workflow). */
  workflow?: string;
  /** Job name: the rule is checked per job instead of per workflow. */
  job?: string;
  limits: Partial<Record<ThresholdKind, number>>;
}

/** Used when the `thresholds` input is empty (documented in docs/pipeline-monitor.md). */
export const DEFAULT_THRESHOLDS_YAML = `rules:
  - metric: success_rate
    min: 0.8
  - metric: failure_streak
    max: 2
  - metric: duration_p50
    max-increase-pct: 25
  - metric: success_rate
    max-drop: 0.1
  - metric: flaky_jobs
    max: 0
    severity: warning
`;

const KEYS = ['metric', 'severity', 'workflow', 'job', 'description', ...THRESHOLD_KINDS];

/** Throws plain errors (the use case names the input). */
export function parseThresholds(text: string): ThresholdRule[] {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    throw new Error(`is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const data = doc.toJS() as unknown;
  const rules = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new Error(
      "must be a mapping with a non-empty 'rules' list, e.g. rules: [{metric: success_rate, min: 0.9}].",
    );
  }
  return rules.map((raw: unknown, i) => {
    const where = `rule ${i + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new Error(`${where} must be a mapping like {metric: success_rate, min: 0.9}.`);
    }
    const r = raw as Record<string, unknown>;
    const unknown = Object.keys(r).filter((k) => !KEYS.includes(k));
    if (unknown.length) {
      throw new Error(
        `${where} has unknown key(s) ${unknown.join(', ')}; allowed: ${KEYS.join(', ')}.`,
      );
    }
    if (!PIPELINE_METRICS.includes(r.metric as PipelineMetric)) {
      throw new Error(
        `${where}: metric must be one of ${PIPELINE_METRICS.join(', ')}, got ${JSON.stringify(r.metric)}.`,
      );
    }
    const severity = r.severity ?? 'failure';
    if (severity !== 'failure' && severity !== 'warning') {
      throw new Error(`${where}: severity must be failure or warning.`);
    }
    const limits: ThresholdRule['limits'] = {};
    for (const kind of THRESHOLD_KINDS) {
      if (!(kind in r)) continue;
      const v = r[kind];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`${where} (${String(r.metric)}): '${kind}' must be a number.`);
      }
      if (kind !== 'min' && kind !== 'max' && v < 0) {
        throw new Error(`${where} (${String(r.metric)}): '${kind}' must not be negative.`);
      }
      limits[kind] = v;
    }
    if (Object.keys(limits).length === 0) {
      throw new Error(
        `${where} (${String(r.metric)}) sets no limit; give one of ${THRESHOLD_KINDS.join(', ')}.`,
      );
    }
    const scope = (key: string) => {
      const v = r[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v.trim() === '')
        throw new Error(`${where}: '${key}' must be a name.`);
      return v.trim();
    };
    return {
      index: i + 1,
      metric: r.metric as PipelineMetric,
      severity,
      workflow: scope('workflow'),
      job: scope('job'),
      limits,
    };
  });
}

/** `30d`, `12h`, `2w` (or a bare number of days) → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([hdw]?)\s*$/i.exec(text);
  if (!m) throw new Error(`expected a duration like 30d, 12h or 2w, got '${text}'.`);
  const n = Number(m[1]);
  const unit = (m[2] || 'd').toLowerCase();
  const ms = n * { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[unit as 'h' | 'd' | 'w'];
  if (!(ms > 0)) throw new Error(`must be longer than zero, got '${text}'.`);
  return ms;
}
