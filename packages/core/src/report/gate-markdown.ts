import type { CheckResult, GateResult, Verdict } from '../gate/evaluate.js';
import type { LoadedMetrics } from '../metrics/metrics-file.js';
import { codeSpan, escapeMarkdown } from './escape.js';
import { formatMeasurement, formatMetric } from './format-number.js';
import { mermaidBarChart } from './mermaid-xychart.js';

/**
 * The gate verdict as markdown: the same body goes to the job summary and the PR comment.
 * Takes plain data (types only from gate/ and metrics/). Names are escaped as markdown in
 * text and table cells, and shown literally in code spans.
 */

const ICONS: Record<Verdict, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };
const LIMIT_LABELS: Record<CheckResult['kind'], string> = {
  min: '≥',
  max: '≤',
  'max-drop': 'drop ≤',
  'max-drop-pct': 'drop ≤',
  'max-increase': 'increase ≤',
  'max-increase-pct': 'increase ≤',
};

export interface GateMarkdownOptions {
  title: string;
  metrics: LoadedMetrics;
  baseline?: LoadedMetrics;
  /** Commit the verdict is for (shown short). */
  sha?: string;
}

/**
 * A value, baseline or delta in the table: 4 significant digits, unless that would print it
 * equal to the limit it is held against while it differs (0.79996 vs min 0.8): then 6.
 */
function short(n: number, limit?: number): string {
  const text = formatMeasurement(n);
  return limit !== undefined && n !== limit && text === formatMeasurement(limit)
    ? formatMetric(n)
    : text;
}

function signed(n: number | null, suffix = '', limit?: number): string {
  if (n === null) return '—';
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${short(Math.abs(n), limit)}${suffix}`;
}

function limitCell(c: CheckResult): string {
  return `${LIMIT_LABELS[c.kind]} ${formatMetric(c.limit)}${c.kind.endsWith('-pct') ? '%' : ''}`;
}

function pValueText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : formatMetric(Number(p.toPrecision(2)));
}

/** The interval (and p-value) of a rule with `confidence`; '—' otherwise. */
function significanceCell(c: CheckResult): string {
  if (!c.interval || c.confidence === undefined) return '—';
  const level = `${Math.round(c.confidence * 1000) / 10}%`;
  const what = c.kind === 'min' || c.kind === 'max' ? '' : 'Δ ';
  const ci = `${what}[${formatMetric(c.interval[0])}, ${formatMetric(c.interval[1])}] (${level})`;
  return c.pValue === undefined ? ci : `${ci}, p = ${pValueText(c.pValue)}`;
}

function verdictCell(c: CheckResult): string {
  const label = { pass: 'pass', fail: 'fail', warn: 'warning', skip: 'skipped' }[c.verdict];
  // Skips, and verdicts that a significance test softened, say why in the cell.
  return c.verdict === 'skip' ||
    (c.verdict === 'warn' && c.confidence !== undefined) ||
    (c.verdict === 'fail' && c.baseline === null && c.kind !== 'min' && c.kind !== 'max')
    ? `${ICONS[c.verdict]} ${label}: ${escapeMarkdown(c.reason)}`
    : `${ICONS[c.verdict]} ${label}`;
}

function headline(result: GateResult, title: string): string {
  const icon = result.passed ? (result.counts.warn ? ICONS.warn : ICONS.pass) : ICONS.fail;
  const word = result.passed ? 'passed' : 'failed';
  return `### ${icon} ${escapeMarkdown(title)}: ${word}`;
}

function countsLine(result: GateResult): string {
  const { pass, fail, warn, skip } = result.counts;
  const parts = [
    `${pass} passed`,
    `${fail} failed`,
    `${warn} warning${warn === 1 ? '' : 's'}`,
    `${skip} skipped`,
  ];
  return `**${result.checks.length} checks:** ${parts.join(' · ')}`;
}

function modelLine(m: LoadedMetrics, label: string): string | undefined {
  const model = m.model;
  if (!model?.name && !model?.version && !model?.digest)
    return `**${label}:** ${codeSpan(m.source)}`;
  const name = [model.name, model.version].filter(Boolean).map(String).join(' ');
  const digest =
    typeof model.digest === 'string' ? ` (${codeSpan(model.digest.slice(0, 19))})` : '';
  return `**${label}:** ${escapeMarkdown(name)}${digest}`;
}

function baselineChart(result: GateResult): string | undefined {
  const seen = new Set<string>();
  const labels: string[] = [];
  const values: number[] = [];
  for (const c of result.checks) {
    if (c.baseline === null || c.baseline === 0 || seen.has(c.metric)) continue;
    seen.add(c.metric);
    labels.push(c.metric);
    values.push((c.value / c.baseline) * 100);
  }
  if (labels.length === 0) return undefined;
  return mermaidBarChart({
    title: 'Metric as % of baseline (line = baseline)',
    yLabel: '% of baseline',
    labels,
    values,
    reference: 100,
  });
}

export function renderGateMarkdown(result: GateResult, options: GateMarkdownOptions): string {
  const lines = [headline(result, options.title), ''];
  const about = [modelLine(options.metrics, 'Candidate')];
  if (options.baseline) about.push(modelLine(options.baseline, 'Baseline'));
  if (options.sha) about.push(`**Commit:** ${codeSpan(options.sha.slice(0, 7))}`);
  lines.push(about.filter(Boolean).join(' · '), '', countsLine(result), '');
  for (const w of result.warnings ?? []) lines.push(`> ⚠️ **Warning:** ${escapeMarkdown(w)}`, '');
  const withSignificance = result.checks.some((c) => c.interval !== undefined);
  lines.push(
    `| Metric | Value | Baseline | Δ | Limit |${withSignificance ? ' Interval, p-value |' : ''} Verdict |`,
    `| --- | ---: | ---: | ---: | --- |${withSignificance ? ' --- |' : ''} --- |`,
  );
  for (const c of result.checks) {
    const delta =
      c.kind === 'max-drop-pct' || c.kind === 'max-increase-pct'
        ? signed(c.deltaPct, '%', c.limit)
        : signed(
            c.delta,
            '',
            c.kind === 'max-drop' || c.kind === 'max-increase' ? c.limit : undefined,
          );
    const valueLimit = c.kind === 'min' || c.kind === 'max' ? c.limit : undefined;
    const severity = c.severity === 'warning' ? ' _(warning)_' : '';
    const sig = withSignificance ? ` ${significanceCell(c)} |` : '';
    lines.push(
      `| ${escapeMarkdown(c.metric)} | ${short(c.value, valueLimit)} | ${c.baseline === null ? '—' : short(c.baseline)} | ${delta} | ${limitCell(c)}${severity} |${sig} ${verdictCell(c)} |`,
    );
  }
  if (result.failed.length) {
    lines.push('', '**Failed:**');
    for (const c of result.failed)
      lines.push(`- ❌ ${codeSpan(c.metric)}: ${escapeMarkdown(c.reason)}`);
  }
  if (result.failedFileChecks.length) {
    lines.push('', `**Failed checks reported in ${codeSpan(options.metrics.source)}:**`);
    for (const c of result.failedFileChecks) {
      lines.push(
        `- ❌ ${escapeMarkdown(c.name)}${c.detail ? `: ${escapeMarkdown(c.detail)}` : ''}`,
      );
    }
  }
  const chart = baselineChart(result);
  if (chart)
    lines.push(
      '',
      '<details><summary>Candidate vs baseline</summary>',
      '',
      chart,
      '',
      '</details>',
    );
  return lines.join('\n') + '\n';
}

/** What the PR comment says when it had to be cut to GitHub's size limit. */
export function gateCommentWhereIsTheRest(runUrl?: string): string {
  return runUrl
    ? `the whole report is in the job summary of ${runUrl}.`
    : 'the whole report is in the job summary.';
}
