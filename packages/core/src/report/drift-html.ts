import type { ColumnHistogram, DriftColumn, DriftReport } from '../drift/drift-report.js';
import { formatCount, formatNumber, formatPercent } from './format-number.js';
import { ANOMALY_ROWS_SHOWN, anomalyRule, oneSidedLines } from './drift-markdown.js';
import {
  columnSignals,
  driftedColumnsLine,
  driftScore,
  isPValueColumn,
  sortBySeverity,
} from './drift-severity.js';
import { escapeHtml } from './escape.js';
import { svgHistogram } from './svg-histogram.js';

/**
 * No scripts, no network: everything is inline, and the policy forbids any fetch even if a
 * data string ever slipped through unescaped.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.drifted td:first-child{color:#c00;font-weight:bold}
section.column{margin:2rem 0;border-top:1px solid #eee;padding-top:1rem}.muted{color:#666}`;

/** Rows of the column table and per-column sections at most (the most severe first). */
export const HTML_TABLE_COLUMNS = 2000;
export const HTML_COLUMN_SECTIONS = 200;

function h(text: string): string {
  return escapeHtml(text);
}

function columnRow(column: DriftColumn): string {
  const p = isPValueColumn(column) ? formatNumber(column.p_value) : '–';
  const anchor = `col-${encodeURIComponent(column.name)}`;
  return `<tr class="${column.drifted ? 'drifted' : ''}"><td>${column.drifted ? 'drifted' : 'ok'}</td><td><a href="#${h(
    anchor,
  )}">${h(column.name)}</a></td><td>${h(column.type)}</td><td>${h(column.method)}</td><td class="num">${formatNumber(
    column.statistic,
  )}</td><td class="num">${p}</td><td class="num">${formatNumber(column.threshold)}</td><td class="num">${formatNumber(
    driftScore(column),
  )}</td><td class="num">${formatPercent(column.missing_share.reference)} → ${formatPercent(
    column.missing_share.current,
  )}</td><td>${columnSignals(column).map(h).join('; ')}</td></tr>`;
}

function columnSection(column: DriftColumn, histogram: ColumnHistogram | undefined): string {
  const anchor = `col-${encodeURIComponent(column.name)}`;
  const verdict = column.drifted ? 'drifted' : 'no drift';
  const test = isPValueColumn(column)
    ? `${h(column.method)}: statistic ${formatNumber(column.statistic)}, p = ${formatNumber(column.p_value)} (drift when p &lt; ${formatNumber(column.threshold)})`
    : `${h(column.method)}: ${formatNumber(column.statistic)} (drift when ≥ ${formatNumber(column.threshold)})`;
  return `<section class="column" id="${h(anchor)}"><h3>${h(column.name)} <span class="muted">(${h(
    column.type,
  )}, ${verdict})</span></h3><p>${test}</p>${histogram ? svgHistogram(histogram) : '<p class="muted">No histogram available.</p>'}</section>`;
}

function conceptHtml(report: DriftReport): string {
  const concept = report.concept_drift;
  if (!concept) return '';
  const keys = new Set([
    ...Object.keys(concept.reference ?? {}),
    ...Object.keys(concept.current ?? {}),
  ]);
  keys.delete('rows');
  const value = (side: object | null, key: string): string =>
    side ? formatNumber((side as Record<string, number | null>)[key]) : '–';
  const rows = [...keys]
    .map(
      (k) =>
        `<tr><td>${h(k)}</td><td class="num">${value(concept.reference, k)}</td><td class="num">${value(
          concept.current,
          k,
        )}</td><td class="num">${formatNumber(concept.change[k])}</td></tr>`,
    )
    .join('');
  const estimate = concept.estimate
    ? `<p><strong>Estimated</strong> current accuracy: ${formatNumber(concept.estimate.accuracy)} (confidence-based estimate, ${
        concept.estimate.calibrated ? 'calibrated on the labelled reference' : 'uncalibrated'
      }; not a measurement).</p>`
    : '';
  const pd = concept.prediction_drift;
  const predictionDrift = pd
    ? `<p>Prediction distribution: ${pd.drifted ? 'drifted' : 'stable'} (${h(pd.method)} ${formatNumber(pd.statistic)}).</p>`
    : '';
  const target = concept.target_column
    ? `Target <code>${h(concept.target_column)}</code>, prediction`
    : 'Prediction';
  return `<h2>Model behaviour</h2><p>${target} <code>${h(
    concept.prediction_column,
  )}</code> (${h(concept.task)}).</p>${
    rows
      ? `<table><tr><th>Metric</th><th>Reference</th><th>Current</th><th>Change</th></tr>${rows}</table>`
      : ''
  }${estimate}${predictionDrift}`;
}

function anomalyHtml(report: DriftReport): string {
  const a = report.anomalies;
  if (!a) return '';
  const shown = a.top.slice(0, ANOMALY_ROWS_SHOWN);
  const rows = shown
    .flatMap((example) =>
      example.reasons.map(
        (r, i) =>
          `<tr><td class="num">${i === 0 ? example.row + 1 : ''}</td><td class="num">${
            i === 0 ? formatNumber(example.score) : ''
          }</td><td>${h(r.column)}</td><td>${h(String(r.value))}</td><td>${
            r.unseen ? 'unseen category' : `z = ${formatNumber(r.score)}`
          }</td></tr>`,
      ),
    )
    .join('');
  const more =
    a.current.anomalous > shown.length
      ? `<p class="muted">The ${formatCount(shown.length)} highest-scoring of ${formatCount(
          a.current.anomalous,
        )} anomalous rows; the full list is in drift.json (anomalies.top).</p>`
      : '';
  return `<h2>Anomalies</h2><p>${formatPercent(a.current.share)} of current rows anomalous (${formatCount(
    a.current.anomalous,
  )} of ${formatCount(a.current.rows)}; about ${formatPercent(a.contamination)} expected when nothing changed): ${h(
    anomalyRule(a),
  )}.</p>${
    rows
      ? `<table><tr><th>Row</th><th>Score</th><th>Column</th><th>Value</th><th>Why</th></tr>${rows}</table>`
      : ''
  }${more}`;
}

/**
 * A self-contained report page: summary, the per-column table sorted by severity, one inline
 * SVG histogram per column (reference vs current), model behaviour and anomalies.
 */
function capNote(shown: number, total: number, what: string): string {
  return shown < total
    ? `<p class="muted">${what} for the ${formatCount(shown)} most severe of ${formatCount(total)} columns; all ${formatCount(
        total,
      )} columns were summarised in drift.json.</p>`
    : '';
}

function oneSidedHtml(report: DriftReport): string {
  const parts = oneSidedLines(report, 100, h).map((line) => `<li>${line}</li>`);
  return parts.length
    ? `<h2>Columns on one side only (not compared)</h2><ul>${parts.join('')}</ul>`
    : '';
}

export function renderDriftHtml(report: DriftReport, histograms: ColumnHistogram[] = []): string {
  const byColumn = new Map(histograms.map((hist) => [hist.column, hist]));
  const columns = sortBySeverity(report.columns);
  const tableColumns = columns.slice(0, HTML_TABLE_COLUMNS);
  const sectionColumns = columns.slice(0, HTML_COLUMN_SECTIONS);
  const title = `Drift report${report.dataset ? `: ${report.dataset}` : ''}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title><style>${STYLE}</style></head><body>
<h1>${h(title)}</h1>
<p><strong>${report.dataset_drift ? 'Dataset drift detected' : 'No dataset drift'}</strong>: ${driftedColumnsLine(
    columns,
    h,
  )} (${formatPercent(report.drift_share)}). Reference ${formatCount(report.reference.rows)} rows, current ${formatCount(
    report.current.rows,
  )} rows.</p>
<table><tr><th></th><th>Column</th><th>Type</th><th>Method</th><th>Statistic</th><th>p-value</th><th>Threshold</th><th>Score</th><th>Missing (ref → cur)</th><th>Signals</th></tr>
${tableColumns.map(columnRow).join('\n')}</table>
${capNote(tableColumns.length, columns.length, 'Rows shown')}
${oneSidedHtml(report)}
<p class="muted">Score: distance / threshold, or log(p) / log(threshold) for tests; above 1 means drifted.</p>
${conceptHtml(report)}
<h2>Columns</h2>
${capNote(sectionColumns.length, columns.length, 'Histograms shown')}
${sectionColumns.map((c) => columnSection(c, byColumn.get(c.name))).join('\n')}
${anomalyHtml(report)}
</body></html>
`;
}
