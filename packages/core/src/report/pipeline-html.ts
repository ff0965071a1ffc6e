import type { PipelineReport } from '../pipeline/report-types.js';
import { escapeHtml } from './escape.js';

/** The self-contained HTML report of pipeline-monitor: tables and inline SVG line charts. */

const WIDTH = 560;
const HEIGHT = 180;
const M = { top: 20, right: 10, bottom: 30, left: 44 };

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : String(Number(v.toPrecision(digits)));

export function svgLine(title: string, labels: string[], values: number[], top?: number): string {
  const max = top ?? Math.max(1e-9, ...values) * 1.1;
  const w = WIDTH - M.left - M.right;
  const h = HEIGHT - M.top - M.bottom;
  const x = (i: number) => M.left + (labels.length > 1 ? (i / (labels.length - 1)) * w : w / 2);
  const y = (v: number) => M.top + h - (v / max) * h;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="${M.left}" y="14" font-size="12">${escapeHtml(title)}</text>`,
    `<line x1="${M.left}" y1="${M.top + h}" x2="${M.left + w}" y2="${M.top + h}" stroke="#888"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + h}" stroke="#888"/>`,
    `<text x="4" y="${M.top + 4}" font-size="10">${fmt(max)}</text>`,
    `<text x="4" y="${M.top + h}" font-size="10">0</text>`,
    `<polyline fill="none" stroke="#4c78a8" stroke-width="2" points="${points}"/>`,
    labels.length
      ? `<text x="${M.left}" y="${HEIGHT - 8}" font-size="10">${escapeHtml(labels[0])}</text><text x="${M.left + w}" y="${HEIGHT - 8}" font-size="10" text-anchor="end">${escapeHtml(labels[labels.length - 1])}</text>`
      : '',
    '</svg>',
  ].join('');
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

export function pipelineHtml(report: PipelineReport, title: string): string {
  const pct = (v: number | null) => (v === null ? '–' : `${fmt(v * 100)}%`);
  const parts: string[] = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.fail{color:#b00}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="${report.healthy ? '' : 'fail'}">${report.healthy ? 'Healthy' : 'Unhealthy'}: ${report.counts.fail} failed, ${report.counts.warn} warnings, ${report.counts.pass} passed. ${escapeHtml(report.repository)}, ${report.windows.current.from} → ${report.windows.current.to}. ${report.api.requests} API requests.</p>`,
    '<h2>Checks</h2>',
    table(
      ['verdict', 'workflow', 'job', 'metric', 'value', 'baseline', 'p-value', 'reason'],
      report.checks.map((c) => [
        c.verdict === 'fail' && c.severity === 'warning' ? 'warn' : c.verdict,
        c.workflow,
        c.job ?? '',
        `${c.metric} ${c.kind}`,
        fmt(c.value),
        fmt(c.baseline),
        fmt(c.p_value),
        c.reason,
      ]),
    ),
    '<h2>Workflows</h2>',
    table(
      [
        'workflow',
        'runs',
        'success rate',
        'baseline',
        'duration p50 (s)',
        'p95 (s)',
        'queue p50 (s)',
        'failure streak',
        'flaky jobs',
        'duration change',
        'p-value',
      ],
      report.workflows.map((w) => [
        w.name,
        String(w.current.runs),
        pct(w.current.success_rate),
        pct(w.baseline.success_rate),
        fmt(w.current.duration_p50),
        fmt(w.current.duration_p95),
        fmt(w.current.queue_p50),
        String(w.failure_streak),
        String(w.flaky_jobs),
        w.duration_regression.change_pct === null
          ? '–'
          : `${fmt(w.duration_regression.change_pct)}%`,
        fmt(w.duration_regression.p_value),
      ]),
    ),
  ];
  for (const w of report.workflows.filter((x) => x.timeline.length > 1)) {
    const days = w.timeline.map((t) => t.day);
    parts.push(`<h3>${escapeHtml(w.name)}</h3>`);
    parts.push(
      svgLine(
        `${w.name}: median duration (s)`,
        days,
        w.timeline.map((t) => t.duration_p50 ?? 0),
      ),
    );
    parts.push(
      svgLine(
        `${w.name}: success rate`,
        days,
        w.timeline.map((t) => t.success_rate ?? 0),
        1,
      ),
    );
  }
  if (report.heartbeats.length) {
    parts.push('<h2>Scheduled workflows</h2>');
    parts.push(
      table(
        ['workflow', 'crons', 'last scheduled run', 'due at', 'overdue', 'days before disable'],
        report.heartbeats.map((h) => [
          h.workflow,
          h.crons.join(', '),
          h.last_scheduled_run ?? 'none',
          h.last_expected ?? '–',
          h.overdue ? 'yes' : 'no',
          h.days_until_disable === null ? 'n/a' : fmt(h.days_until_disable),
        ]),
      ),
    );
  }
  if (report.delivery.length) {
    parts.push('<h2>Delivery</h2>');
    parts.push(
      table(
        [
          'environment',
          'deployments',
          'per day',
          'lead time p50 (h)',
          'change failure rate',
          'time to restore p50 (h)',
          'rollbacks',
        ],
        report.delivery.map((d) => [
          d.environment,
          String(d.successful),
          fmt(d.deployments_per_day),
          fmt(d.lead_time_hours_p50),
          pct(d.change_failure_rate),
          fmt(d.time_to_restore_hours_p50),
          String(d.rollbacks),
        ]),
      ),
    );
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
