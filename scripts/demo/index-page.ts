import { escapeHtml } from '@ml-actions/core/report/escape.js';
import {
  formatCount,
  formatNumber,
  formatSignificant,
} from '@ml-actions/core/report/format-number.js';
import { svgBarChart } from '@ml-actions/core/report/svg-bar-chart.js';
import { summaryHtml } from './summary-html.js';
import type { DemoRun, DriftWindow, MetricsJson } from './pipeline.js';

/**
 * demo-output/index.html: one self-contained page (inline CSS, no scripts, no external assets)
 * with the headline numbers and links to every report the actions wrote. Every piece of text
 * that came from a file or an action goes through escapeHtml.
 */

const e = (value: unknown) => escapeHtml(String(value ?? ''));

/** Numbers through the suite's formatter: counts exactly, measurements to 4 significant digits. */
function num(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? formatCount(value) : formatNumber(value);
}

/** Seconds, to 3 significant digits. */
function seconds(value: number): string {
  return `${formatSignificant(value, 3)} s`;
}

/** A share (0 to 1), 4 significant digits like every metric. */
function share(value: number | undefined): string {
  return num(value);
}

/** A link to a file in the output directory (paths are already relative to it). */
function link(href: string | undefined, text?: string): string {
  if (!href) return '–';
  const url = href.split('/').map(encodeURIComponent).join('/');
  return `<a href="${e(url)}">${e(text ?? href)}</a>`;
}

function table(head: string[], rows: string[][], numericFrom = 99): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="n"' : ''}>${e(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function badge(ok: boolean | undefined, yes: string, no: string): string {
  if (ok === undefined) return '<span class="badge">not run</span>';
  return ok ? `<span class="badge ok">${e(yes)}</span>` : `<span class="badge bad">${e(no)}</span>`;
}

const metric = (m: MetricsJson | undefined, name: string) => m?.metrics[name];

const SHOWN_METRICS = [
  'accuracy',
  'f1_macro',
  'precision_macro',
  'recall_macro',
  'log_loss',
  'roc_auc',
  'latency_ms_p95',
  'rows_per_second',
  'parameter_count',
  'model_size_bytes',
];

function card(title: string, value: string, note: string): string {
  return `<div class="card"><div class="k">${e(title)}</div><div class="v">${value}</div><div class="note">${note}</div></div>`;
}

export function renderIndex(run: DemoRun): string {
  const baseline = run.smoke.find((s) => s.version === run.models[0]?.version);
  const candidate = run.smoke.find((s) => s.version === run.models[1]?.version);
  const production = run.registry?.models[0]?.aliases.find((a) => a.environment === 'production');
  const gate = run.gate?.report;
  const [yearly, summer] = run.drift;
  const driftNote = (w: DriftWindow | undefined) =>
    w?.report
      ? `${w.report.columns.filter((c) => c.drifted).length} of ${w.report.columns.length} columns drifted · ${e(w.title)}`
      : e(w ? `not available: ${w.title}` : '');

  const cards = [
    card(
      'candidate accuracy (2014)',
      num(metric(candidate?.metrics, 'accuracy')),
      `production baseline ${num(metric(baseline?.metrics, 'accuracy'))} · ${num(candidate?.metrics?.dataset?.rows)} held-out days`,
    ),
    card(
      'candidate f1_macro',
      num(metric(candidate?.metrics, 'f1_macro')),
      `baseline ${num(metric(baseline?.metrics, 'f1_macro'))}`,
    ),
    card(
      'gate verdict',
      gate ? badge(gate.passed, 'passed', 'failed') : badge(undefined, '', ''),
      gate
        ? `${gate.counts.pass ?? 0} passed · ${gate.counts.fail ?? 0} failed · ${gate.counts.warn ?? 0} warnings`
        : 'the gate did not run',
    ),
    card(
      'production now',
      production ? e(`${run.registry?.models[0]?.name} ${production.alias.version}`) : '–',
      production ? `previous ${e(production.alias.previous ?? 'none')}` : 'nothing deployed',
    ),
    card('drift share, 2015', share(yearly?.report?.drift_share), driftNote(yearly)),
    card('drift share, summer 2015', share(summer?.report?.drift_share), driftNote(summer)),
  ].join('\n');

  const keyNumbers = keyNumbersChart([
    ['baseline accuracy', metric(baseline?.metrics, 'accuracy')],
    ['candidate accuracy', metric(candidate?.metrics, 'accuracy')],
    ['baseline f1_macro', metric(baseline?.metrics, 'f1_macro')],
    ['candidate f1_macro', metric(candidate?.metrics, 'f1_macro')],
    ['drift share 2015', yearly?.report?.drift_share],
    ['drift share summer', summer?.report?.drift_share],
  ]);

  const problems = [
    ...run.steps
      .filter((s) => s.exitCode !== 0)
      .map(
        (s) =>
          `<li><b>${e(s.title)}</b> failed (exit ${s.exitCode}): ${e(s.errors.join('; '))} — see ${link(s.logFile)}</li>`,
      ),
    ...run.skipped.map((s) => `<li><b>${e(s.title)}</b> did not run: ${e(s.reason)}</li>`),
  ];

  const pipeline = table(
    ['#', 'step', 'result', 'time', 'command (run from this folder)', 'files'],
    run.steps.map((s, i) => [
      String(i + 1),
      e(s.title),
      badge(s.exitCode === 0, 'ok', `exit ${s.exitCode}`),
      seconds(s.seconds),
      `<code>${e(s.command)}</code>`,
      `${link(s.summaryFile, 'job summary')} · ${link(s.logFile, 'log')}`,
    ]),
  );

  const models = table(
    [
      'version',
      'role',
      'architecture',
      'epochs',
      'parameters',
      'train accuracy',
      'training time',
      'files',
    ],
    run.models.map((m) => [
      e(m.version),
      e(m.role === 'baseline' ? 'production baseline (older)' : 'candidate'),
      e(
        m.recipe.hidden > 0
          ? `4 → dense ${m.recipe.hidden} relu → 5 softmax`
          : '4 → 5 softmax (linear)',
      ),
      num(m.recipe.epochs),
      num(m.parameters),
      num(m.trainAccuracy),
      `${num(m.seconds)} s`,
      link(`${m.dir}/model.json`, 'model.json'),
    ]),
    3,
  );

  const smokeTable = table(
    [
      'metric',
      ...run.smoke.map(
        (s) =>
          `${s.version}${s.version === run.models[1]?.version ? ' (candidate)' : ' (baseline)'}`,
      ),
    ],
    SHOWN_METRICS.map((name) => [e(name), ...run.smoke.map((s) => num(metric(s.metrics, name)))]),
    1,
  );
  const checks = candidate?.metrics?.checks
    ? table(
        ['check', 'status', 'detail'],
        candidate.metrics.checks.map((c) => [
          e(c.name),
          badge(c.status === 'pass', c.status, c.status),
          e(c.detail),
        ]),
      )
    : '';
  const confusion = confusionMatrix(candidate?.metrics);

  const gateSection = gate
    ? table(
        ['metric', 'rule', 'value', 'baseline', 'Δ', 'severity', 'verdict', 'why'],
        gate.checks.map((c) => [
          e(c.metric),
          e(`${c.kind} ${c.limit}`),
          num(c.value),
          num(c.baseline),
          c.delta === null ? '–' : `${c.delta >= 0 ? '+' : ''}${num(c.delta)}`,
          e(c.severity),
          badge(c.verdict === 'pass', c.verdict, c.verdict),
          e(c.reason),
        ]),
      )
    : '<p>The gate did not run.</p>';

  const registry =
    run.registry?.models
      .map(
        (m) => `<h3>model <code>${e(m.name)}</code></h3>
${table(
  ['environment', 'version', 'previous', 'digest', 'updated', 'alias file'],
  m.aliases.map((a) => [
    e(a.environment),
    `<b>${e(a.alias.version)}</b>`,
    e(a.alias.previous ?? '–'),
    `<code>${e(a.alias.digest.slice(0, 19))}…</code>`,
    e(a.alias.updated_at),
    link(a.file),
  ]),
)}
<p>Versions (immutable): ${m.versions.map((v) => `${link(`${v.dir}/ml-manifest.json`, v.version)} <code>${e((v.digest ?? '').slice(0, 19))}…</code>`).join(' · ')}</p>
${table(
  ['when', 'environment', 'operation', 'from', 'to', 'why', 'record'],
  m.history.map((h) => [
    e(h.record.at),
    e(h.record.environment),
    e(h.record.operation),
    e(h.record.from ?? '–'),
    e(h.record.to ?? '–'),
    e(h.record.reason),
    link(h.file, `#${h.record.seq}`),
  ]),
)}`,
      )
      .join('\n') ?? '<p>No registry was written.</p>';

  const drift = run.drift.map((w) => driftSection(w)).join('\n');

  const summaries = run.steps
    .map(
      (s) =>
        `<details${s.action === 'gate' ? ' open' : ''}><summary>${e(s.title)}</summary><p>${link(s.summaryFile)}</p><div class="md">${summaryHtml(s.summaryText ?? '')}</div></details>`,
    )
    .join('\n');

  const data = table(
    ['dataset', 'rows', 'file'],
    run.data.map((d) => [e(d.label), num(d.rows), link(d.file)]),
    1,
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ml-actions demo: Seattle weather classifier</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1180px; padding: 24px; color: #1f2328; }
h1 { margin-bottom: 4px; } h2 { margin-top: 40px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.sub { color: #59636e; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; margin: 20px 0; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 14px; }
.card .k { color: #59636e; font-size: 13px; } .card .v { font-size: 28px; font-weight: 600; } .card .note { color: #59636e; font-size: 13px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 12.5px; word-break: break-all; } pre { background: #f6f8fa; padding: 12px; overflow-x: auto; font-size: 12.5px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; background: #eaeef2; font-size: 13px; font-weight: 600; }
.card .v .badge { font-size: 24px; padding: 0 12px; border-radius: 14px; }
.ok { background: #dafbe1; color: #116329; } .bad { background: #ffebe9; color: #a40e26; }
.md { border-left: 3px solid #d0d7de; padding-left: 12px; } .md h2 { margin-top: 8px; border: 0; font-size: 18px; }
figure.chart { margin: 12px 0; } figure.chart svg { max-width: 100%; height: auto; }
.problems { border: 1px solid #ff818266; background: #fff5f5; border-radius: 8px; padding: 8px 16px; }
</style>
</head>
<body>
<h1>ml-actions demo: a Seattle weather classifier through the whole pipeline</h1>
<p class="sub">Run ${e(run.startedAt)} · ${seconds(run.seconds)} · Node ${e(run.nodeVersion)} · TF.js backend ${e(run.backend)} · data: vega-datasets <code>seattle-weather.csv</code> (real daily observations, 2012–2015)</p>
${problems.length ? `<div class="problems"><h3>What did not work</h3><ul>${problems.join('\n')}</ul></div>` : ''}
<div class="cards">
${cards}
</div>
${keyNumbers}

<h2>Where to look</h2>
<ul>
<li>Gate report: ${link(run.gate?.reportFile)} (every rule with value, baseline, delta and verdict), policy ${link(run.policyFile)}</li>
<li>Smoke-test metrics: ${run.smoke.map((s) => `${link(s.metricsFile, `${s.version} metrics.json`)} (${link(s.predictionsFile, 'predictions')})`).join(' · ')}</li>
<li>Drift reports: ${run.drift.map((w) => `${link(w.reportHtml, `${w.id.replace('drift-', '')} report.html`)} (${link(w.reportJson, 'drift.json')})`).join(' · ')}</li>
<li>Model registry: ${link('registry/', 'registry/')} (${run.registry?.models.flatMap((m) => m.aliases.map((a) => link(a.file, `${a.environment}.json`))).join(' · ') ?? 'empty'})</li>
<li>Everything the demo computed, as JSON: ${link('demo.json')}</li>
</ul>

<h2>The pipeline, step by step</h2>
<p>Each step is the real action run by the <code>ml-actions</code> CLI (the same <code>dist/</code> bundle a GitHub runner runs), without a GitHub token: the GitHub parts (artifact upload, PR comment, Deployment, drift issue) are skipped, everything else is done for real. The baseline steps set the scene: the older model is already in production.</p>
${pipeline}

<h2>Data</h2>
<p>Cut by date from the same file: the models learn 2012–2013, are tested on 2014 (days they never saw) and watched on 2015. Features: <code>precipitation</code>, <code>temp_max</code>, <code>temp_min</code>, <code>wind</code>; label: <code>weather</code> (drizzle, fog, rain, snow, sun).</p>
${data}

<h2>The two models</h2>
<p>Trained here with TF.js on the ${e(run.backend)} backend (seeded, so every run gives the same weights on the same backend) and saved with ml-actions' <code>saveTfjsModel</code>. The input standardization is folded into the first layer, so the models take raw measurements.</p>
${models}

<h2>Smoke test on 2014</h2>
${smokeTable}
${confusion}
<details><summary>Checks of the candidate's smoke test</summary>${checks}</details>

<h2>Gate: ${gate ? (gate.passed ? 'passed' : 'failed') : 'not run'}</h2>
<p>Policy ${link(run.policyFile)} (a copy of <code>examples/weather/policy.yml</code>); baseline: the production model's smoke-test metrics on the same days. Report: ${link(run.gate?.reportFile)}.</p>
${gateSection}

<h2>Model registry (<code>file://</code>)</h2>
${registry}

<h2>Drift monitoring</h2>
<p>Production data against the training data (2012–2013), column by column (Kolmogorov–Smirnov for numbers, chi-square for categories; drift when p &lt; 0.05). Dataset drift is declared when at least half of the columns drifted. No alerts are sent (<code>alert: none</code>).</p>
${drift}

<h2>Job summaries</h2>
<p>What each step wrote to <code>$GITHUB_STEP_SUMMARY</code> (GitHub shows it on the run page), rendered as GitHub renders it; mermaid charts are drawn as SVG. The gate's is open; click a title for the others.</p>
${summaries}
</body>
</html>
`;
}

/** The pipeline's key numbers (all in [0, 1]) as one small bar chart; missing ones are left out. */
function keyNumbersChart(entries: Array<[string, unknown]>): string {
  const shown = entries.filter((x): x is [string, number] => typeof x[1] === 'number');
  if (shown.length === 0) return '';
  return `<figure class="chart">${svgBarChart(
    {
      title: 'Key numbers: 2014 test (smoke-test) and 2015 drift',
      yLabel: 'share',
      labels: shown.map(([label]) => label),
      values: shown.map(([, value]) => value),
    },
    560,
  )}</figure>`;
}

function confusionMatrix(metrics: MetricsJson | undefined): string {
  const cm = (
    metrics as { confusion_matrix?: { labels: string[]; matrix: number[][] } } | undefined
  )?.confusion_matrix;
  if (!cm) return '';
  return `<details><summary>Confusion matrix of the candidate on 2014 (rows: observed, columns: predicted)</summary>
${table(
  ['observed \\ predicted', ...cm.labels],
  cm.matrix.map((row, i) => [e(cm.labels[i]), ...row.map((v) => num(v))]),
  1,
)}</details>`;
}

function driftSection(w: DriftWindow): string {
  if (!w.report)
    return `<h3>${e(w.title)}</h3><p>No drift report (the step ${w.step ? 'failed' : 'did not run'}).</p>`;
  const r = w.report;
  return `<h3>${e(w.title)}: drift share ${share(r.drift_share)} ${badge(!r.dataset_drift, 'no dataset drift', 'dataset drift')}</h3>
<p>${num(r.reference.rows)} reference rows, ${num(r.current.rows)} current rows · ${link(w.reportHtml, 'report.html')} · ${link(w.reportJson, 'drift.json')}</p>
${table(
  ['column', 'type', 'method', 'statistic', 'p-value', 'threshold', 'drifted'],
  r.columns.map((c) => [
    e(c.name),
    e(c.type),
    e(c.method),
    num(c.statistic),
    num(c.p_value ?? undefined),
    num(c.threshold),
    badge(!c.drifted, 'no', 'drifted'),
  ]),
  3,
)}`;
}
