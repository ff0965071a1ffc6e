import type { PipelineReport } from '../pipeline/report-types.js';
import { escapeMarkdown, escapeMermaid } from './escape.js';

/** Job summary (and alert issue body) of pipeline-monitor: tables, then mermaid charts. */

const num = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : String(Number(v.toPrecision(digits)));
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${num(v * 100, 3)}%`;
const secs = (v: number | null | undefined) => {
  if (v === null || v === undefined) return '–';
  if (v < 120) return `${num(v, 3)} s`;
  if (v < 7200) return `${num(v / 60, 3)} min`;
  return `${num(v / 3600, 3)} h`;
};
const pval = (p: number | null | undefined) =>
  p === null || p === undefined ? '–' : p < 1e-3 ? p.toExponential(2) : num(p, 3);
const signed = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${num(v, 3)}%`;

const VERDICT = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '➖ skip' } as const;

function verdictOf(c: PipelineReport['checks'][number]): keyof typeof VERDICT {
  return c.verdict === 'fail' && c.severity === 'warning' ? 'warn' : c.verdict;
}

function lineChart(
  title: string,
  yLabel: string,
  labels: string[],
  values: number[],
  top?: number,
): string {
  const max = top ?? Math.max(1e-9, ...values) * 1.1;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${escapeMermaid(title, 80)}"`,
    `  x-axis [${labels.map((l) => `"${escapeMermaid(l, 12)}"`).join(', ')}]`,
    `  y-axis "${escapeMermaid(yLabel, 40)}" 0 --> ${num(max, 4)}`,
    `  line [${values.map((v) => num(v, 4)).join(', ')}]`,
    '```',
  ].join('\n');
}

export interface PipelineMarkdownOptions {
  title: string;
  /** Charts take room: the issue body leaves them out. */
  charts?: boolean;
  /** Most workflows charted. */
  maxCharts?: number;
}

export function pipelineMarkdown(report: PipelineReport, options: PipelineMarkdownOptions): string {
  const out: string[] = [];
  const failing = report.checks.filter((c) => c.verdict === 'fail' && c.severity === 'failure');
  out.push(`## ${escapeMarkdown(options.title)}`);
  out.push(
    report.healthy
      ? `✅ **Healthy**: ${report.counts.pass} checks passed${report.counts.warn ? `, ${report.counts.warn} warnings` : ''}.`
      : `❌ **${failing.length} check${failing.length === 1 ? '' : 's'} failed** (${report.counts.warn} warnings).`,
  );
  out.push(
    `Window ${report.windows.current.from.slice(0, 10)} → ${report.windows.current.to.slice(0, 10)}, ` +
      `baseline from ${report.windows.baseline.from.slice(0, 10)}` +
      `${report.branch ? `, branch \`${escapeMarkdown(report.branch)}\`` : ''}. ` +
      `Read ${report.api.runs_read} runs and ${report.api.jobs_read} jobs with **${report.api.requests} API requests**` +
      ` (${report.api.not_modified} answered 304 Not Modified).`,
  );

  const shown = report.checks.filter((c) => c.verdict !== 'pass');
  if (shown.length) {
    out.push(
      '',
      '### Checks',
      '',
      '| | workflow | metric | value | baseline | p-value | reason |',
      '|---|---|---|---|---|---|---|',
    );
    for (const c of [...shown].sort(
      (a, b) => Number(b.verdict === 'fail') - Number(a.verdict === 'fail'),
    )) {
      const scope = escapeMarkdown(c.workflow) + (c.job ? ` / ${escapeMarkdown(c.job)}` : '');
      out.push(
        `| ${VERDICT[verdictOf(c)]} | ${scope} | ${escapeMarkdown(c.metric)} ${c.kind !== 'schedule' && c.kind !== 'inactivity' ? `(${c.kind} ${num(c.limit)})` : ''} | ${num(c.value)} | ${num(c.baseline)} | ${pval(c.p_value)} | ${escapeMarkdown(c.reason)} |`,
      );
    }
  }

  out.push(
    '',
    '### Workflows',
    '',
    '| workflow | runs | success rate (baseline) | duration p50 | p95 | queue p50 | failure streak | flaky jobs | duration change (p-value) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const w of report.workflows) {
    const d = w.duration_regression;
    out.push(
      `| ${escapeMarkdown(w.name)} | ${w.current.runs} | ${pct(w.current.success_rate)} (${pct(w.baseline.success_rate)}) | ${secs(w.current.duration_p50)} | ${secs(w.current.duration_p95)} | ${secs(w.current.queue_p50)} | ${w.failure_streak} | ${w.flaky_jobs} | ${signed(d.change_pct)} (${pval(d.p_value)}) |`,
    );
  }

  const flaky = report.workflows.flatMap((w) => w.flaky.map((f) => ({ w: w.name, f })));
  if (flaky.length) {
    out.push(
      '',
      '### Flaky jobs',
      '',
      '| workflow | job | commit | failed | passed on |',
      '|---|---|---|---|---|',
    );
    for (const { w, f } of flaky.slice(0, 50)) {
      out.push(
        `| ${escapeMarkdown(w)} | ${escapeMarkdown(f.job)} | \`${f.head_sha.slice(0, 7)}\` | run ${f.failed.run_id} attempt ${f.failed.attempt} | run ${f.passed.run_id} attempt ${f.passed.attempt} |`,
      );
    }
  }

  if (report.heartbeats.length) {
    out.push(
      '',
      '### Scheduled workflows',
      '',
      '| workflow | schedule | last scheduled run | due at | days before inactivity disable |',
      '|---|---|---|---|---|',
    );
    for (const h of report.heartbeats) {
      out.push(
        `| ${escapeMarkdown(h.workflow)} | ${h.crons.map((c) => `\`${escapeMarkdown(c)}\``).join(', ')} | ${h.last_scheduled_run ?? 'none'}${h.overdue ? ' ❌ overdue' : ''} | ${h.last_expected ?? '–'} | ${h.days_until_disable === null ? 'n/a (private)' : Math.floor(h.days_until_disable)} |`,
      );
    }
  }

  if (report.delivery.length) {
    out.push(
      '',
      '### Delivery',
      '',
      '| environment | deployments | per day | lead time p50 | change failure rate | time to restore p50 | rollbacks |',
      '|---|---|---|---|---|---|---|',
    );
    for (const d of report.delivery) {
      out.push(
        `| ${escapeMarkdown(d.environment)} | ${d.successful} | ${num(d.deployments_per_day)} | ${d.lead_time_hours_p50 === null ? '–' : `${num(d.lead_time_hours_p50)} h`} | ${pct(d.change_failure_rate)} | ${d.time_to_restore_hours_p50 === null ? '–' : `${num(d.time_to_restore_hours_p50)} h`} | ${d.rollbacks} |`,
      );
    }
  }

  if (options.charts !== false) {
    for (const w of report.workflows
      .filter((x) => x.timeline.length > 1)
      .slice(0, options.maxCharts ?? 5)) {
      const days = w.timeline.map((t) => t.day.slice(5));
      out.push('', `<details><summary>${escapeMarkdown(w.name)}: charts</summary>`, '');
      out.push(
        lineChart(
          `${w.name}: median duration (min)`,
          'minutes',
          days,
          w.timeline.map((t) => (t.duration_p50 ?? 0) / 60),
        ),
      );
      out.push('');
      out.push(
        lineChart(
          `${w.name}: success rate`,
          'success rate',
          days,
          w.timeline.map((t) => t.success_rate ?? 0),
          1,
        ),
      );
      out.push('', '</details>');
    }
  }
  return out.join('\n') + '\n';
}
