import type { ConceptDriftSection, DriftColumn, DriftReport } from '../drift/drift-report.js';
import type { AnomalyResult } from '../stats/anomalies.js';
import {
  columnSignals,
  driftedColumnsLine,
  driftScore,
  isPValueColumn,
  sortBySeverity,
} from './drift-severity.js';
import { formatCount, formatNumber, formatPercent } from './format-number.js';
import { escapeMarkdown } from './escape.js';
import { fitGitHubBody, GITHUB_BODY_LIMIT } from './github-body.js';
import { mermaidBarChart } from './mermaid-xychart.js';

const CHART_COLUMNS = 20;
const CHART_CAP = 10;
/** Rows of the column table at most (the most severe first); drift.json has every column. */
export const MARKDOWN_TABLE_COLUMNS = 100;
/** Names listed per side for columns present on one side only. */
const ONE_SIDE_NAMES = 20;

export interface DriftMarkdownOptions {
  /** Upper bound on the returned length (default: GitHub's body limit). */
  maxLength?: number;
  /** Link to the workflow run, shown under the headline. */
  runUrl?: string;
  /** Heading level of the title (default 2). */
  headingLevel?: number;
}

function cell(text: string): string {
  return escapeMarkdown(text);
}

function columnRow(column: DriftColumn): string {
  const missing = column.missing_share;
  const p = isPValueColumn(column) ? formatNumber(column.p_value) : '–';
  return `| ${column.drifted ? '🔴' : '🟢'} | ${cell(column.name)} | ${cell(column.type)} | ${cell(
    column.method,
  )} | ${column.exact ? '' : '≈'}${formatNumber(column.statistic)} | ${p} | ${formatNumber(
    column.threshold,
  )} | ${formatNumber(driftScore(column))} | ${formatPercent(missing.reference)} → ${formatPercent(
    missing.current,
  )} | ${columnSignals(column).map(cell).join('; ')} |`;
}

function columnTable(columns: DriftColumn[], shown: number): string {
  const lines = [
    '| | Column | Type | Method | Statistic | p-value | Threshold | Score | Missing (ref → cur) | Signals |',
    '|---|---|---|---|---:|---:|---:|---:|---|---|',
    ...columns.slice(0, shown).map(columnRow),
  ];
  if (shown < columns.length) {
    lines.push('', `_${columns.length - shown} more columns are in drift.json._`);
  }
  return lines.join('\n');
}

/**
 * Columns present on one side only (not compared), one line per side: "3 only in the current
 * data: a, b, c", at most `limit` names, each through `escape` (markdown or HTML).
 */
export function oneSidedLines(
  report: DriftReport,
  limit: number,
  escape: (name: string) => string,
): string[] {
  const lines: string[] = [];
  for (const [side, other] of [
    ['reference', 'current'],
    ['current', 'reference'],
  ] as const) {
    const names = (report.skipped_columns ?? [])
      .filter((c) => c.reason === `not in the ${other} data`)
      .map((c) => c.name);
    if (names.length === 0) continue;
    const listed = names.slice(0, limit).map(escape).join(', ');
    const more = names.length > limit ? ` and ${names.length - limit} more` : '';
    lines.push(`${names.length} only in the ${side} data: ${listed}${more}`);
  }
  return lines;
}

/** Said in the summary, not only inside drift.json. */
function oneSidedColumns(report: DriftReport): string | undefined {
  const lines = oneSidedLines(report, ONE_SIDE_NAMES, cell).map((line) => `- ${line}`);
  if (lines.length === 0) return undefined;
  return ['⚠️ **Columns on one side only, not compared:**', '', ...lines].join('\n');
}

/**
 * The verdict with the drifted columns named (and their statistics) even when they are too few
 * for dataset drift: "🟡 No dataset drift: 2 of 32 columns drifted: mean_radius (KS p=4e-40), …".
 */
function headline(report: DriftReport): string {
  const drifted = report.columns.filter((c) => c.drifted).length;
  const name = report.dataset ? ` in ${cell(report.dataset)}` : '';
  const verdict = report.dataset_drift
    ? '🔴 Dataset drift detected'
    : drifted > 0
      ? '🟡 No dataset drift'
      : '🟢 No dataset drift';
  return `${verdict}${name}: ${driftedColumnsLine(report.columns, cell)}\n\n**${drifted} of ${report.columns.length}** columns drifted (${formatPercent(
    report.drift_share,
  )}; dataset drift from ${formatPercent(report.drift_share_threshold)}). Reference: ${formatCount(report.reference.rows)} rows · current: ${formatCount(report.current.rows)} rows.`;
}

function scoreChart(columns: DriftColumn[]): string {
  const top = columns.slice(0, CHART_COLUMNS);
  return mermaidBarChart({
    title: `Drift score per column (1 = threshold${columns.length > CHART_COLUMNS ? `, top ${CHART_COLUMNS}` : ''})`,
    yLabel: `score (capped at ${CHART_CAP})`,
    labels: top.map((c) => c.name),
    values: top.map(driftScore),
    reference: 1,
    cap: CHART_CAP,
  });
}

function conceptSection(concept: ConceptDriftSection, level: string): string {
  const lines = [
    `${level}# Model behaviour`,
    '',
    `${concept.target_column ? `Target \`${cell(concept.target_column)}\`, prediction` : 'Prediction'} \`${cell(concept.prediction_column)}\` (${concept.task}).`,
  ];
  const metrics = new Set([
    ...Object.keys(concept.reference ?? {}),
    ...Object.keys(concept.current ?? {}),
  ]);
  metrics.delete('rows');
  if (metrics.size > 0) {
    lines.push('', '| Metric | Reference | Current | Change |', '|---|---:|---:|---:|');
    const get = (side: object | null, key: string): number | null | undefined =>
      side ? (side as Record<string, number | null>)[key] : undefined;
    for (const key of metrics) {
      lines.push(
        `| ${cell(key)} | ${formatNumber(get(concept.reference, key))} | ${formatNumber(
          get(concept.current, key),
        )} | ${formatNumber(concept.change[key])} |`,
      );
    }
  }
  if (!concept.current)
    lines.push('', 'The current data has no labels, so its quality is not measured.');
  if (concept.estimate) {
    lines.push(
      '',
      `**Estimated** current accuracy: ${formatNumber(concept.estimate.accuracy)} — an estimate from the predicted probabilities (confidence-based, ${
        concept.estimate.calibrated ? 'calibrated on the labelled reference' : 'uncalibrated'
      }), not a measurement.`,
    );
  }
  const pd = concept.prediction_drift;
  if (pd) {
    lines.push(
      '',
      `Prediction distribution: ${pd.drifted ? '🔴 drifted' : '🟢 stable'} (${cell(pd.method)} ${formatNumber(
        pd.statistic,
      )}${isPValueColumn(pd) ? `, p = ${formatNumber(pd.p_value)}` : ''}, threshold ${formatNumber(pd.threshold)}).`,
    );
  }
  return lines.join('\n');
}

/** Anomalous rows listed in the summary at most (highest score first); drift.json has them all. */
export const ANOMALY_ROWS_SHOWN = 20;

/** The calibration of the anomaly threshold, in words (markdown and HTML share it). */
export function anomalyRule(anomalies: AnomalyResult): string {
  return `row score = the largest robust z-score |0.6745·(x − median)/MAD| over the numeric columns; threshold ${formatNumber(
    anomalies.threshold,
  )}, the reference's own ${formatNumber(1 - anomalies.contamination)} quantile (contamination ${formatPercent(
    anomalies.contamination,
  )}), or a category never seen in the reference`;
}

function anomalySection(anomalies: AnomalyResult, level: string, examples: number): string {
  const lines = [
    `${level}# Anomalies`,
    '',
    `${formatPercent(anomalies.current.share)} of current rows are anomalous (${formatCount(
      anomalies.current.anomalous,
    )} of ${formatCount(anomalies.current.rows)} rows; about ${formatPercent(
      anomalies.contamination,
    )} expected when nothing changed): ${anomalyRule(anomalies)}.`,
  ];
  const top = anomalies.top.slice(0, examples);
  if (top.length > 0) {
    lines.push('', '| Row | Score | Column | Value | Why |', '|---:|---:|---|---|---|');
    for (const example of top) {
      example.reasons.forEach((reason, i) => {
        const why = reason.unseen ? 'unseen category' : `z = ${formatNumber(reason.score)}`;
        lines.push(
          `| ${i === 0 ? example.row + 1 : ''} | ${i === 0 ? formatNumber(example.score) : ''} | ${cell(
            reason.column,
          )} | ${cell(String(reason.value))} | ${why} |`,
        );
      });
    }
    if (anomalies.current.anomalous > top.length) {
      lines.push(
        '',
        `_The ${formatCount(top.length)} highest-scoring of ${formatCount(
          anomalies.current.anomalous,
        )} anomalous rows; the full list is in drift.json (\`anomalies.top\`)._`,
      );
    }
  }
  return lines.join('\n');
}

function render(report: DriftReport, options: DriftMarkdownOptions, shown: number): string {
  const level = '#'.repeat(options.headingLevel ?? 2);
  const columns = sortBySeverity(report.columns);
  const parts = [`${level} ${headline(report)}`];
  if (options.runUrl) parts.push(`[Workflow run](${options.runUrl})`);
  if (columns.length > 0) parts.push(scoreChart(columns), columnTable(columns, shown));
  const oneSided = oneSidedColumns(report);
  if (oneSided) parts.push(oneSided);
  if (report.concept_drift) parts.push(conceptSection(report.concept_drift, level));
  if (report.anomalies) {
    // The anomaly list shrinks only when the tables had to (to fit GitHub's body limit).
    const full = Math.min(report.columns.length, MARKDOWN_TABLE_COLUMNS);
    const rows = shown < full ? Math.min(shown, ANOMALY_ROWS_SHOWN) : ANOMALY_ROWS_SHOWN;
    parts.push(anomalySection(report.anomalies, level, rows));
  }
  return parts.join('\n\n') + '\n';
}

/**
 * The drift summary for the job summary, issues and comments: headline, a chart of drift
 * scores, the per-column table sorted by severity, model behaviour and anomalies. Tables are
 * shortened (worst columns kept) until the text fits `maxLength`.
 */
export function renderDriftMarkdown(
  report: DriftReport,
  options: DriftMarkdownOptions = {},
): string {
  const limit = options.maxLength ?? GITHUB_BODY_LIMIT;
  let shown = Math.min(report.columns.length, MARKDOWN_TABLE_COLUMNS);
  let text = render(report, options, shown);
  while (text.length > limit && shown > 0) {
    shown = Math.floor(shown / 2);
    text = render(report, options, shown);
  }
  return fitGitHubBody(text, 'the whole report is in drift.json.', limit);
}
