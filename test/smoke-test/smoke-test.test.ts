import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildImageGraphModel,
  patchWeight,
  readWeather,
  saveLinearModel,
  trainWeatherClassifier,
  trainWeatherRegressor,
  WEATHER_CSV,
  weatherReference,
  writeImagesNpy,
} from '../fixtures/models/build-models.js';
import { packageModel } from '@ml-actions/core/artifact/package-model.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseFileCommands, REPO_ROOT, runAction, type ActionRun } from '../harness/run-action.js';

let workspace: string;

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-test-'));
  await fs.copyFile(WEATHER_CSV, path.join(workspace, 'weather.csv'));
});
afterAll(async () => {
  await fs.rm(workspace, { recursive: true, force: true });
});

function smoke(inputs: Record<string, string | number | undefined>): Promise<ActionRun> {
  return runAction('smoke-test', { cwd: workspace, inputs });
}

interface MetricsJson {
  schema: string;
  backend: string;
  task?: string;
  dataset: { path: string; rows: number; sha256?: string };
  metrics: Record<string, number>;
  checks: { name: string; status: string; detail?: string }[];
  confusion_matrix?: { labels: string[]; matrix: number[][] };
}

interface ModelJson {
  weightsManifest: { weights: { name: string; dtype: string }[] }[];
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

async function readPredictions(file: string): Promise<Record<string, unknown>[]> {
  return (await fs.readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

function failureLine(run: ActionRun): string {
  return run.annotations.find((a) => a.level === 'error')?.message ?? '';
}

const classifier = weatherReference.classifier;
const regressor = weatherReference.regressor;

describe('smoke-test on models whose metrics scikit-learn computed independently', () => {
  it('reports classification metrics equal to sklearn on the bundled WASM backend', async () => {
    await saveLinearModel(path.join(workspace, 'logreg'), classifier, 'softmax', {
      classNames: classifier.class_names,
    });
    const run = await smoke({
      model: 'logreg',
      data: 'weather.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'id-column': 'date',
      'output-dir': 'out-logreg',
    });
    expect(failureLine(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs.backend).toBe('wasm');
    expect(run.outputs.rows).toBe(String(weatherReference.rows));
    expect(Number(run.outputs['latency-ms-p95'])).toBeGreaterThan(0);

    const file = await readJson<MetricsJson>(run.outputs.metrics);
    expect(file.schema).toBe('ml-actions/metrics@1');
    // 4 significant digits in the output; metrics.json keeps full precision.
    const p95 = file.metrics.latency_ms_p95 as number;
    expect(run.outputs['latency-ms-p95']).toBe(
      Number.isInteger(p95) ? String(p95) : String(Number(p95.toPrecision(4))),
    );
    expect(file.backend).toBe('wasm');
    expect(file.dataset).toMatchObject({ path: 'weather.csv', rows: weatherReference.rows });
    expect(file.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const key of [
      'accuracy',
      'precision_macro',
      'recall_macro',
      'f1_macro',
      'log_loss',
      'roc_auc',
    ]) {
      expect(file.metrics[key]).toBeCloseTo(classifier.expected[key], 4);
    }
    expect(file.confusion_matrix).toEqual({
      labels: classifier.class_names,
      matrix: classifier.expected.confusion_matrix,
    });
    for (const key of [
      'latency_ms_p50',
      'latency_ms_p99',
      'latency_ms_per_row_p95',
      'rows_per_second',
      'peak_rss_mb',
      'model_load_ms',
    ]) {
      expect(file.metrics[key]).toBeGreaterThan(0);
    }
    expect(file.metrics.parameter_count).toBe(25);
    const statuses = Object.fromEntries(file.checks.map((c) => [c.name, c.status]));
    expect(statuses).toMatchObject({
      'model-loads': 'pass',
      'input-compatible': 'pass',
      'output-shape': 'pass',
      'finite-outputs': 'pass',
      probabilities: 'pass',
      deterministic: 'pass',
      labels: 'pass',
    });

    const rows = await readPredictions(run.outputs.predictions);
    expect(rows).toHaveLength(weatherReference.rows);
    expect(rows[0]).toMatchObject({ row: 1, id: '2012-01-01', label: 'drizzle' });
    const accuracy = rows.filter((r) => r.correct === true).length / rows.length;
    expect(accuracy).toBeCloseTo(classifier.expected.accuracy, 10);

    expect(run.summary).toContain('## Smoke test passed');
    expect(run.summary).toContain('| finite-outputs | ✅ pass |');
    expect(run.summary).toMatch(/\| `accuracy` \| 0\.79\d* \|/);
    expect(run.summary).toContain('| true \\ predicted | drizzle | fog | rain | snow | sun |');
  });

  it('reports regression metrics equal to sklearn', async () => {
    await saveLinearModel(path.join(workspace, 'linreg'), regressor, 'linear');
    const run = await smoke({
      model: 'linreg/model.json',
      data: 'weather.csv',
      features: regressor.features.join('\n'),
      'label-column': 'temp_max',
      'output-dir': 'out-linreg',
    });
    expect(failureLine(run)).toBe('');
    const file = await readJson<MetricsJson>(run.outputs.metrics);
    expect(file.task).toBe('regression');
    for (const key of ['mae', 'rmse', 'r2'])
      expect(file.metrics[key]).toBeCloseTo(regressor.expected[key], 4);
    // zero temperatures make MAPE huge (sklearn divides by machine epsilon): compare relatively
    expect(file.metrics.mape / regressor.expected.mape).toBeCloseTo(1, 3);
  });
});

describe('smoke-test catches broken models', () => {
  it('passes against its own golden outputs and fails once a weight changes', async () => {
    const dir = await trainWeatherClassifier(path.join(workspace, 'mlp'));
    const common = {
      model: 'mlp',
      data: 'weather.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'id-column': 'date',
      'max-rows': 300,
      seed: 7,
    };
    const first = await smoke({ ...common, 'output-dir': 'golden' });
    expect(first.outputs.passed).toBe('true');
    expect(first.outputs.rows).toBe('300');

    const again = await smoke({
      ...common,
      'output-dir': 'again',
      'expected-predictions': 'golden/predictions.jsonl',
    });
    expect(failureLine(again)).toBe('');
    const checks = (await readJson<MetricsJson>(again.outputs.metrics)).checks;
    expect(checks.find((c) => c.name === 'golden-match')).toMatchObject({
      status: 'pass',
    });

    const modelJson = await readJson<ModelJson>(path.join(dir, 'model.json'));
    const kernel = modelJson.weightsManifest[0].weights[0].name;
    await patchWeight(dir, kernel, (values) => {
      values[0] += 0.5;
    });
    const changed = await smoke({
      ...common,
      'output-dir': 'changed',
      'expected-predictions': 'golden/predictions.jsonl',
    });
    expect(changed.exitCode).not.toBe(0);
    expect(changed.outputs.passed).toBe('false');
    expect(failureLine(changed)).toMatch(
      /golden-match: \d+ of 300 rows differ beyond tolerance 0\.0001; worst difference [\d.e-]+ at id \d{4}-\d\d-\d\d/,
    );
  });

  it('fails a model that outputs NaN', async () => {
    const dir = await trainWeatherRegressor(path.join(workspace, 'nan'));
    const modelJson = await readJson<ModelJson>(path.join(dir, 'model.json'));
    await patchWeight(dir, modelJson.weightsManifest[0].weights[1].name, (bias) =>
      bias.fill(Number.NaN),
    );
    const run = await smoke({
      model: 'nan',
      data: 'weather.csv',
      features: regressor.features.join(','),
      'label-column': 'temp_max',
    });
    expect(run.outputs.passed).toBe('false');
    expect(failureLine(run)).toMatch(
      /finite-outputs: 1461 output values are NaN or infinite \(first in row 1\)/,
    );
  });

  const brokenCases: [string, (dir: string) => Promise<void>, RegExp][] = [
    [
      'a truncated shard',
      (dir) => fs.truncate(path.join(dir, 'group1-shard1of1.bin'), 30),
      /model-loads: .*model\.json: weightsManifest\[0\] shards \(group1-shard1of1\.bin\) hold 30 bytes but its 2 weights need 100 bytes/,
    ],
    [
      'a missing shard',
      (dir) => fs.rm(path.join(dir, 'group1-shard1of1.bin')),
      /model-loads: .*model\.json: weight shard 'group1-shard1of1\.bin' listed in weightsManifest\[0\] is missing/,
    ],
    [
      'a wrong dtype',
      async (dir) => {
        const file = path.join(dir, 'model.json');
        const json = await readJson<ModelJson>(file);
        json.weightsManifest[0].weights[0].dtype = 'float64';
        await fs.writeFile(file, JSON.stringify(json));
      },
      /model-loads: .*model\.json: weight '[^']+' has dtype "float64"; TF\.js weights are float32, int32, bool/,
    ],
  ];
  it.each(brokenCases)(
    'fails %s with a message naming the file',
    async (name, breakIt, message) => {
      const dir = path.join(workspace, name.replace(/ /g, '-'));
      await saveLinearModel(dir, classifier, 'softmax', { classNames: classifier.class_names });
      await breakIt(dir);
      const run = await smoke({
        model: path.basename(dir),
        data: 'weather.csv',
        features: classifier.features.join(','),
      });
      expect(run.exitCode).not.toBe(0);
      expect(run.outputs.passed).toBe('false');
      expect(failureLine(run)).toMatch(message);
    },
  );
});

describe('smoke-test catches data that does not fit the model', () => {
  beforeAll(async () => {
    await saveLinearModel(path.join(workspace, 'fit'), classifier, 'softmax', {
      classNames: classifier.class_names,
    });
  });

  it('names a feature missing from the data', async () => {
    const run = await smoke({
      model: 'fit',
      data: 'weather.csv',
      features: 'precipitation,temp_max,humidity,wind',
    });
    expect(failureLine(run)).toMatch(
      /input-compatible: Input 'features': column 'humidity' is not in the data \(columns: date, precipitation, temp_max, temp_min, wind, weather\)/,
    );
  });

  it('names a non-numeric feature', async () => {
    const run = await smoke({
      model: 'fit',
      data: 'weather.csv',
      features: 'precipitation,temp_max,weather,wind',
    });
    expect(failureLine(run)).toMatch(
      /input-compatible: Input 'features': feature 'weather' is not numeric \(it reads as categorical, e\.g\. "drizzle"\)/,
    );
  });

  it('refuses the wrong number of features', async () => {
    const run = await smoke({
      model: 'fit',
      data: 'weather.csv',
      features: 'precipitation,temp_max,wind',
    });
    expect(failureLine(run)).toMatch(
      /the model input '.+' expects rows of shape \[4\] but the data gives \[3\] \(check features and their order\)/,
    );
  });
});

describe('smoke-test on image-shaped input', () => {
  it('runs a graph model on .npy images and checks their shape', async () => {
    await buildImageGraphModel(path.join(workspace, 'images-model'));
    await writeImagesNpy(path.join(workspace, 'images.npy'), 40);
    const run = await smoke({
      model: 'images-model',
      data: 'images.npy',
      'batch-size': 16,
      'output-dir': 'out-images',
    });
    expect(failureLine(run)).toBe('');
    expect(run.outputs).toMatchObject({ passed: 'true', rows: '40', backend: 'wasm' });
    const rows = await readPredictions(run.outputs.predictions);
    expect(rows[0].prediction).toMatch(/^(circle|square|triangle)$/);
    expect((rows[0].probabilities as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    await fs.writeFile(
      path.join(workspace, 'small.json'),
      JSON.stringify([
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
      ]),
    );
    const bad = await smoke({ model: 'images-model', data: 'small.json' });
    expect(failureLine(bad)).toMatch(
      /input-compatible: Input 'data': the model input 'image' expects rows of shape \[8, 8, 1\] but the data gives \[2, 2\]/,
    );
  });
});

describe('smoke-test backends', () => {
  it('tells how to install tfjs-node when backend: tfjs-node is asked for without it', async () => {
    await saveLinearModel(path.join(workspace, 'node-model'), regressor, 'linear');
    const run = await smoke({
      model: 'node-model',
      data: 'weather.csv',
      features: regressor.features.join(','),
      backend: 'tfjs-node',
    });
    expect(run.exitCode).not.toBe(0);
    expect(failureLine(run)).toMatch(
      /^Input 'backend': @tensorflow\/tfjs-node is not installed in the workspace \(.+\); install it in the workspace before this step \(`npm install @tensorflow\/tfjs-node`/,
    );
  });

  it('runs on the pure-JS cpu backend when asked', async () => {
    await saveLinearModel(path.join(workspace, 'cpu-model'), regressor, 'linear');
    const run = await smoke({
      model: 'cpu-model',
      data: 'weather.csv',
      features: regressor.features.join(','),
      backend: 'cpu',
      'max-rows': 50,
    });
    expect(run.outputs).toMatchObject({ passed: 'true', backend: 'cpu', rows: '50' });
  });
});

describe('smoke-test on a package built by build-artifact', () => {
  it('verifies the manifest first and reports the package identity', async () => {
    const model = await saveLinearModel(path.join(workspace, 'pkg-src'), regressor, 'linear');
    const pkg = path.join(workspace, 'pkg');
    const { manifest } = await packageModel({
      modelPath: model,
      name: 'temp-max',
      version: '1.2.0',
      format: 'auto',
      outputDir: pkg,
      workspace,
    });
    const inputs = {
      model: 'pkg',
      data: 'weather.csv',
      features: regressor.features.join(','),
      'max-rows': 100,
    };
    const run = await smoke({ ...inputs, 'output-dir': 'out-pkg' });
    expect(failureLine(run)).toBe('');
    const file = await readJson<MetricsJson & { model: Record<string, string> }>(
      run.outputs.metrics,
    );
    expect(file.model).toEqual({ name: 'temp-max', version: '1.2.0', digest: manifest.digest });
    expect(file.checks[0]).toMatchObject({ name: 'package-verified', status: 'pass' });

    await patchWeight(
      pkg,
      (await readJson<ModelJson>(path.join(pkg, 'model.json'))).weightsManifest[0].weights[1].name,
      (b) => {
        b[0] += 1;
      },
    );
    const tampered = await smoke({ ...inputs, 'output-dir': 'out-tampered' });
    expect(tampered.outputs.passed).toBe('false');
    expect(failureLine(tampered)).toMatch(
      /package-verified: Model package .*pkg failed verification \(1 problem\): group1-shard1of1\.bin: sha256 [0-9a-f]{64}, manifest says/,
    );
  });
});

describe('smoke-test with tfjs-node in the workspace', () => {
  /** Installs a stand-in @tensorflow/tfjs-node (the real one needs libtensorflow) into a workspace. */
  async function installStandIn(dir: string, body: string): Promise<void> {
    const pkg = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
    await fs.mkdir(pkg, { recursive: true });
    await fs.writeFile(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'index.js' }),
    );
    await fs.writeFile(path.join(pkg, 'index.js'), body);
  }

  async function workspaceWithModel(name: string): Promise<string> {
    const dir = path.join(workspace, name);
    await fs.mkdir(dir);
    await fs.copyFile(WEATHER_CSV, path.join(dir, 'weather.csv'));
    await saveLinearModel(path.join(dir, 'model'), regressor, 'linear');
    return dir;
  }

  const inputs = {
    model: 'model',
    data: 'weather.csv',
    features: regressor.features.join(','),
    'max-rows': 100,
  };

  it('uses the workspace tfjs-node with backend: auto', async () => {
    const dir = await workspaceWithModel('with-node');
    const tfjs = path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs');
    await installStandIn(
      dir,
      `console.log('stand-in tfjs-node loaded');\nmodule.exports = require(${JSON.stringify(tfjs)});\n`,
    );
    const run = await runAction('smoke-test', { cwd: dir, inputs });
    expect(failureLine(run)).toBe('');
    expect(run.stdout).toContain('stand-in tfjs-node loaded');
    expect(run.outputs).toMatchObject({ passed: 'true', backend: 'tfjs-node' });
  });

  it('falls back to WASM when tfjs-node is installed but broken, and says why', async () => {
    const dir = await workspaceWithModel('broken-node');
    await installStandIn(
      dir,
      `throw new Error('libtensorflow.so.2: cannot open shared object file');\n`,
    );
    const auto = await runAction('smoke-test', { cwd: dir, inputs });
    expect(auto.outputs).toMatchObject({ passed: 'true', backend: 'wasm' });
    expect(auto.stdout).toMatch(
      /Backend wasm: tfjs-node is installed at .* but failed to load \(libtensorflow\.so\.2: cannot open shared object file\)/,
    );

    const forced = await runAction('smoke-test', {
      cwd: dir,
      inputs: { ...inputs, backend: 'tfjs-node' },
    });
    expect(failureLine(forced)).toMatch(
      /^Input 'backend': @tensorflow\/tfjs-node is installed at .* but failed to load/,
    );
  });
});

describe('smoke-test data formats', () => {
  it('gives the same metrics from JSONL and Parquet as from CSV', async () => {
    const { header, rows } = readWeather();
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    const records = rows.map((r) =>
      Object.fromEntries(header.map((h, j) => [h, j > 0 && j < 5 ? Number(r[j]) : r[j]])),
    );
    await fs.writeFile(
      path.join(workspace, 'weather.jsonl'),
      records.map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const parquet = parquetWriteBuffer({
      columnData: [
        ...regressor.features.map((name) => ({
          name,
          data: column(name).map(Number),
          type: 'DOUBLE' as const,
        })),
        { name: 'temp_max', data: column('temp_max').map(Number), type: 'DOUBLE' as const },
      ],
    });
    await fs.writeFile(path.join(workspace, 'weather.parquet'), Buffer.from(parquet));
    await saveLinearModel(path.join(workspace, 'formats'), regressor, 'linear');

    const metricsFor = async (data: string) => {
      const run = await smoke({
        model: 'formats',
        data,
        features: regressor.features.join(','),
        'label-column': 'temp_max',
        'output-dir': `out-${data}`,
      });
      expect(failureLine(run)).toBe('');
      return (await readJson<MetricsJson>(run.outputs.metrics)).metrics;
    };
    const csv = await metricsFor('weather.csv');
    for (const data of ['weather.jsonl', 'weather.parquet']) {
      const other = await metricsFor(data);
      for (const key of ['rows', 'mae', 'rmse', 'r2']) expect(other[key]).toBe(csv[key]);
    }
  });
});

describe('the bundle', () => {
  it('carries its .wasm files and runs from a directory with no node_modules around it', async () => {
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'relocated-'));
    try {
      await fs.cp(path.join(REPO_ROOT, 'dist', 'smoke-test'), path.join(elsewhere, 'action'), {
        recursive: true,
      });
      const files = await fs.readdir(path.join(elsewhere, 'action'));
      expect(files).toEqual(
        expect.arrayContaining([
          'tfjs-backend-wasm.wasm',
          'tfjs-backend-wasm-simd.wasm',
          'tfjs-backend-wasm-threaded-simd.wasm',
        ]),
      );
      await saveLinearModel(path.join(elsewhere, 'model'), regressor, 'linear');
      await fs.copyFile(WEATHER_CSV, path.join(elsewhere, 'weather.csv'));
      const output = path.join(elsewhere, 'outputs.txt');
      await fs.writeFile(output, '');
      const child = spawnSync(process.execPath, [path.join(elsewhere, 'action', 'index.js')], {
        cwd: os.tmpdir(),
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          GITHUB_WORKSPACE: elsewhere,
          GITHUB_OUTPUT: output,
          INPUT_MODEL: 'model',
          INPUT_DATA: 'weather.csv',
          INPUT_FEATURES: regressor.features.join(','),
          'INPUT_MAX-ROWS': '64',
        },
      });
      expect(child.stdout).toContain('Smoke test passed: 64 rows on wasm.');
      expect(child.status).toBe(0);
      expect(parseFileCommands(await fs.readFile(output, 'utf8'))).toMatchObject({
        backend: 'wasm',
        passed: 'true',
      });
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });
});
