import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatNumber, formatSignificant } from '@ml-actions/core/report/format-number.js';
import { pathToFileURL } from 'node:url';
import { readRegistryState, type RegistryState } from './registry-state.js';
import { runStep, type CliContext, type StepResult, type StepSpec } from './run-cli.js';
import {
  BASELINE,
  CANDIDATE,
  FEATURES,
  LABEL,
  readTrainingData,
  tensorflow,
  trainModel,
  type TrainedModel,
} from './train-models.js';
import { writeWeatherSplits, type WeatherSplits } from './weather-data.js';

/**
 * The demo pipeline: train two models, then run the actions through the CLI in the order a
 * repository's workflows would: the production baseline first (so there is something to
 * compare with), then the candidate through smoke-test, gate, staging and production, and the
 * drift monitor over later data.
 */

export const MODEL_NAME = 'weather';
export const BASELINE_VERSION = '1.0.0';
export const CANDIDATE_VERSION = '1.1.0';

export interface DemoOptions {
  root: string;
  /** The output directory (emptied first). */
  outDir: string;
  /** Called with one line per finished stage, for the terminal. */
  log: (line: string) => void;
}

export interface DemoModel extends TrainedModel {
  version: string;
  role: 'baseline' | 'candidate';
}

export interface DriftWindow {
  id: string;
  title: string;
  current: string;
  step?: StepResult;
  /** Paths of report.html and drift.json, relative to the output directory. */
  reportHtml?: string;
  reportJson?: string;
  /** drift.json as written by drift-monitor (schema ml-actions/drift@1). */
  report?: DriftReport;
}

export interface DriftReport {
  drift_share: number;
  dataset_drift: boolean;
  reference: { rows: number };
  current: { rows: number };
  columns: {
    name: string;
    type: string;
    method: string;
    statistic: number;
    p_value?: number | null;
    threshold: number;
    drifted: boolean;
  }[];
}

export interface MetricsJson {
  metrics: Record<string, unknown>;
  checks?: { name: string; status: string; detail?: string }[];
  dataset?: { rows?: number };
  model?: { version?: string; digest?: string };
}

export interface GateCheck {
  metric: string;
  kind: string;
  limit: number;
  severity: string;
  value: number;
  baseline: number | null;
  delta: number | null;
  verdict: string;
  reason: string;
}

export interface GateReportJson {
  passed: boolean;
  counts: Record<string, number>;
  checks: GateCheck[];
}

export interface DemoRun {
  startedAt: string;
  seconds: number;
  backend: string;
  nodeVersion: string;
  outDir: string;
  data: { label: string; file: string; rows: number }[];
  policyFile: string;
  models: DemoModel[];
  steps: StepResult[];
  /** Steps that did not run, and why. */
  skipped: { title: string; reason: string }[];
  smoke: {
    version: string;
    metricsFile?: string;
    predictionsFile?: string;
    metrics?: MetricsJson;
  }[];
  gate?: { reportFile: string; report: GateReportJson };
  registry?: RegistryState;
  drift: DriftWindow[];
  /** True when every step ran and succeeded. */
  ok: boolean;
}

/** Written into every output directory, so a later run knows it may empty it. */
export const DEMO_MARKER = 'demo.json';

const SOURCE_CSV = ['node_modules', 'vega-datasets', 'data', 'seattle-weather.csv'];

export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const started = Date.now();
  const { root, outDir, log } = options;
  await prepareOutputDir(outDir);
  const rel = (p: string) =>
    path.relative(outDir, path.resolve(outDir, p)).split(path.sep).join('/');

  const splits = await writeWeatherSplits(
    path.join(root, ...SOURCE_CSV),
    path.join(outDir, 'data'),
  );
  const data = await Promise.all(
    (Object.entries(splits) as [keyof WeatherSplits, string][]).map(async ([label, file]) => ({
      label,
      file: rel(file),
      rows: (await fs.readFile(file, 'utf8')).trim().split('\n').length - 1,
    })),
  );
  const policyFile = 'policy.yml';
  await fs.copyFile(
    path.join(root, 'examples', 'weather', 'policy.yml'),
    path.join(outDir, policyFile),
  );

  // Training: the two models as a training job would leave them.
  const { tf, backend } = await tensorflow(root);
  const training = await readTrainingData(splits.train);
  const models: DemoModel[] = [];
  for (const [role, recipe, version] of [
    ['baseline', BASELINE, BASELINE_VERSION],
    ['candidate', CANDIDATE, CANDIDATE_VERSION],
  ] as const) {
    const dir = path.join(outDir, 'models', `${MODEL_NAME}-${version}`);
    const trained = await trainModel(tf, training, recipe, dir, {
      trainedOn: `${rel(splits.train)} (${training.labels.length} days)`,
    });
    models.push({ ...trained, dir: rel(dir), version, role });
    await fs.writeFile(
      path.join(outDir, 'models', `training-${version}.json`),
      JSON.stringify(
        { recipe, features: FEATURES, label: LABEL, backend, trainAccuracy: trained.trainAccuracy },
        null,
        2,
      ) + '\n',
    );
    log(
      `trained ${MODEL_NAME} ${version} (${role}): ${trained.parameters} parameters, ` +
        `${recipe.epochs} epochs, train accuracy ${formatNumber(trained.trainAccuracy)} in ${formatSignificant(trained.seconds, 3)} s on ${backend}`,
    );
  }

  const context: CliContext = { root, workspace: outDir };
  const steps: StepResult[] = [];
  const skipped: DemoRun['skipped'] = [];
  /** Runs a step unless an earlier one it needs failed; a failed step is kept and reported. */
  const step = async (spec: StepSpec, blocker?: string): Promise<StepResult | undefined> => {
    if (blocker) {
      skipped.push({ title: spec.title, reason: blocker });
      log(`skipped  ${spec.title}: ${blocker}`);
      return undefined;
    }
    const result = await runStep(context, spec);
    steps.push(result);
    const mark = result.exitCode === 0 ? 'ok     ' : 'FAILED ';
    const why = result.exitCode === 0 ? '' : `: ${result.errors.join('; ')}`;
    log(`${mark}  ${spec.title} (${formatSignificant(result.seconds, 3)} s)${why}`);
    return result;
  };
  const failed = (result: StepResult | undefined, what: string) =>
    !result ? `${what} did not run` : result.exitCode !== 0 ? `${what} failed` : undefined;
  const registry = pathToFileURL(path.join(outDir, 'registry')).href;
  const smoke: DemoRun['smoke'] = [];

  /** build-artifact → smoke-test on 2014 for one model. */
  const packageAndTest = async (model: DemoModel) => {
    const v = model.version;
    const built = await step({
      id: `build-${v}`,
      title: `build-artifact ${MODEL_NAME} ${v}`,
      action: 'build-artifact',
      args: [
        '--model-path',
        model.dir,
        '--name',
        MODEL_NAME,
        '--version',
        v,
        '--metadata',
        `models/training-${v}.json`,
        '--output-dir',
        `packages/${MODEL_NAME}-${v}`,
        '--upload',
        'false',
      ],
    });
    const packageDir = built?.outputs['package-dir'];
    const tested = await step(
      {
        id: `smoke-${v}`,
        title: `smoke-test ${MODEL_NAME} ${v} on 2014`,
        action: 'smoke-test',
        args: [
          '--model',
          packageDir ? rel(packageDir) : '',
          '--data',
          rel(splits.sample),
          '--features',
          FEATURES.join(','),
          '--label-column',
          LABEL,
          '--id-column',
          'date',
          '--output-dir',
          `smoke-test/${v}`,
        ],
      },
      failed(built, 'build-artifact'),
    );
    const entry: DemoRun['smoke'][number] = { version: v };
    if (tested?.outputs.metrics) {
      entry.metricsFile = rel(tested.outputs.metrics);
      entry.metrics = await readJson<MetricsJson>(path.resolve(outDir, entry.metricsFile));
    }
    if (tested?.outputs.predictions) entry.predictionsFile = rel(tested.outputs.predictions);
    smoke.push(entry);
    return { built, tested, packageDir, metricsFile: entry.metricsFile };
  };

  // 1. The production baseline: the older model, packaged, measured and deployed as it once was.
  const [baseline, candidate] = models;
  const old = await packageAndTest(baseline);
  await step(
    {
      id: `deploy-${baseline.version}-production`,
      title: `deploy ${MODEL_NAME} ${baseline.version} to production (the baseline)`,
      action: 'deploy',
      args: [
        '--package',
        old.packageDir ? rel(old.packageDir) : '',
        '--registry',
        registry,
        '--environment',
        'production',
      ],
    },
    failed(old.tested, 'the baseline smoke test'),
  );

  // 2. The candidate: the pull request's model through the whole pipeline.
  const next = await packageAndTest(candidate);
  const gate = await step(
    {
      id: 'gate',
      title: `gate ${MODEL_NAME} ${candidate.version} against ${baseline.version}`,
      action: 'gate',
      args: [
        '--metrics',
        next.metricsFile ?? '',
        '--policy',
        policyFile,
        '--baseline',
        old.metricsFile ?? '',
        '--title',
        `Weather classifier ${candidate.version} vs production ${baseline.version}`,
      ],
    },
    failed(next.tested, 'the candidate smoke test') ??
      (old.metricsFile ? undefined : 'no baseline metrics'),
  );
  let gateResult: DemoRun['gate'];
  if (gate?.outputs.report) {
    // The action writes its report under RUNNER_TEMP; keep a copy at a place easy to find.
    const reportFile = 'gate/gate-report.json';
    await fs.mkdir(path.join(outDir, 'gate'), { recursive: true });
    await fs.copyFile(path.resolve(outDir, gate.outputs.report), path.join(outDir, reportFile));
    const report = await readJson<GateReportJson>(path.join(outDir, reportFile));
    if (report) gateResult = { reportFile, report };
  }
  const staged = await step(
    {
      id: `deploy-${candidate.version}-staging`,
      title: `deploy ${MODEL_NAME} ${candidate.version} to staging`,
      action: 'deploy',
      args: [
        '--package',
        next.packageDir ? rel(next.packageDir) : '',
        '--registry',
        registry,
        '--environment',
        'staging',
      ],
    },
    gate?.exitCode === 1 && gate.outputs.passed === 'false'
      ? 'the gate did not pass'
      : failed(gate, 'gate'),
  );
  await step(
    {
      id: 'promote-production',
      title: `promote staging (${MODEL_NAME} ${candidate.version}) to production`,
      action: 'deploy',
      args: [
        '--operation',
        'promote',
        '--from-environment',
        'staging',
        '--environment',
        'production',
        '--model',
        MODEL_NAME,
        '--registry',
        registry,
      ],
    },
    failed(staged, 'the staging deploy'),
  );

  // 3. Monitoring: later data against what the model was trained on.
  const drift: DriftWindow[] = [
    { id: 'drift-2015', title: 'all of 2015 vs 2012–2013', current: rel(splits.production) },
    {
      id: 'drift-summer-2015',
      title: 'summer 2015 (June–August) vs 2012–2013',
      current: rel(splits.summer),
    },
  ];
  for (const window of drift) {
    const result = await step({
      id: window.id,
      title: `drift-monitor ${window.title}`,
      action: 'drift-monitor',
      args: [
        '--reference',
        rel(splits.train),
        '--current',
        window.current,
        '--exclude-columns',
        'date',
        '--dataset-name',
        `seattle-weather ${window.id.replace('drift-', '')}`,
        '--report-dir',
        `drift/${window.id.replace('drift-', '')}`,
        '--alert',
        'none',
      ],
    });
    window.step = result;
    if (result?.outputs['report-html']) window.reportHtml = rel(result.outputs['report-html']);
    if (result?.outputs.report) {
      window.reportJson = rel(result.outputs.report);
      window.report = await readJson<DriftReport>(path.resolve(outDir, window.reportJson));
    }
  }

  return {
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    backend,
    nodeVersion: process.version,
    outDir,
    data,
    policyFile,
    models,
    steps,
    skipped,
    smoke,
    gate: gateResult,
    registry: await readRegistryState(path.join(outDir, 'registry'), rel).catch(() => undefined),
    drift,
    ok: skipped.length === 0 && steps.every((s) => s.exitCode === 0),
  };
}

/**
 * Empties the output directory of an earlier demo run; refuses any other non-empty directory,
 * so a mistyped --out-dir (., $HOME) can never be wiped.
 */
async function prepareOutputDir(outDir: string): Promise<void> {
  const entries = await fs.readdir(outDir).catch(() => [] as string[]);
  if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
    throw new Error(
      `${outDir} is not empty and holds no ${DEMO_MARKER} of an earlier demo run; choose another --out-dir (the demo empties it first).`,
    );
  }
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });
  // Replaced by the full record at the end; marks the directory as the demo's even if this run dies.
  await fs.writeFile(path.join(outDir, DEMO_MARKER), '{"running": true}\n');
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
