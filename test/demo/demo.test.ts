import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listActions, repoRoot } from '../../packages/cli/src/action-metadata.js';
import { assertFreshBundle } from '../harness/fresh-bundle.js';
import { formatNumber } from '../../packages/core/src/report/format-number.js';
import type { DemoRun } from '../../scripts/demo/pipeline.js';
import { runNode, type NodeRun } from '../../scripts/demo/run-cli.js';

/**
 * `npm run demo` end to end, as a new user runs it: scripts/demo.mjs bundles the demo, trains
 * the two weather models and drives the five actions through the `ml-actions` bin into an
 * output directory. The assertions read the files the actions wrote, not the demo's own words.
 */

let out: string;
let demo: NodeRun;
let run: DemoRun;
const read = (file: string) => fs.readFile(path.join(out, file), 'utf8');
/** `npm run demo -- --out-dir <dir>`, without a token or GitHub variables from the test's environment. */
const runDemo = (dir: string) =>
  runNode([path.join(repoRoot, 'scripts', 'demo.mjs'), '--out-dir', dir], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
const readJson = async <T>(file: string): Promise<T> => JSON.parse(await read(file)) as T;

beforeAll(async () => {
  // The demo runs dist/cli and the action bundles: never silently test stale ones.
  for (const name of ['cli', ...listActions()]) assertFreshBundle(name);
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-output-'));
  demo = await runDemo(out);
  if (existsSync(path.join(out, 'demo.json'))) run = await readJson<DemoRun>('demo.json');
}, 150_000);
afterAll(() => fs.rm(out, { recursive: true, force: true }));

test('the demo finishes, every step succeeds, and it says where to look', () => {
  if (demo.code !== 0) {
    throw new Error(`demo exited with ${demo.code}:\n${demo.stdout}\n${demo.stderr}`);
  }
  expect(run.ok).toBe(true);
  expect(run.skipped).toEqual([]);
  expect(run.steps.map((s) => s.action)).toEqual([
    'build-artifact',
    'smoke-test',
    'deploy',
    'build-artifact',
    'smoke-test',
    'gate',
    'deploy',
    'deploy',
    'drift-monitor',
    'drift-monitor',
  ]);
  expect(demo.stdout).toContain(`Open ${path.join(out, 'index.html')}`);
  expect(demo.stdout).toContain(path.join(out, 'gate', 'gate-report.json'));
});

test('the data splits are the real seattle-weather days by year', async () => {
  const rows = Object.fromEntries(run.data.map((d) => [d.label, d.rows]));
  expect(rows).toEqual({ train: 731, sample: 365, production: 365, summer: 92 });
  const summer = (await read('data/summer-2015.csv')).trim().split('\n');
  expect(summer[0]).toBe('date,precipitation,temp_max,temp_min,wind,weather');
  expect(summer[1].startsWith('2015-06-01,')).toBe(true);
  expect(summer.at(-1)?.startsWith('2015-08-31,')).toBe(true);
});

test('smoke-test measured both models on 2014, and the candidate beats the baseline', async () => {
  const metrics = async (version: string) =>
    await readJson<{ metrics: Record<string, number>; dataset: { rows: number } }>(
      `smoke-test/${version}/metrics.json`,
    );
  const baseline = await metrics('1.0.0');
  const candidate = await metrics('1.1.0');
  for (const m of [baseline, candidate]) {
    expect(m.dataset.rows).toBe(365);
    expect(m.metrics.accuracy).toBeGreaterThan(0);
    expect(m.metrics.accuracy).toBeLessThanOrEqual(1);
    expect(m.metrics.f1_macro).toBeGreaterThan(0);
  }
  // Rain vs sun is mostly a matter of precipitation: a real model gets well past the 44% of
  // always answering "sun".
  expect(candidate.metrics.accuracy).toBeGreaterThan(0.8);
  expect(candidate.metrics.accuracy).toBeGreaterThan(baseline.metrics.accuracy);
});

test('the gate held the candidate against the shipped policy and the baseline: passed', async () => {
  const report = await readJson<{
    passed: boolean;
    checks: {
      metric: string;
      kind: string;
      value: number;
      baseline: number | null;
      verdict: string;
    }[];
  }>('gate/gate-report.json');
  expect(report.passed).toBe(true);
  const policy = await fs.readFile(
    path.join(repoRoot, 'examples', 'weather', 'policy.yml'),
    'utf8',
  );
  expect(report.checks).toHaveLength(policy.match(/- metric:/g)?.length ?? -1);
  const drop = report.checks.find((c) => c.kind === 'max-drop' && c.metric === 'accuracy');
  expect(drop?.baseline).toBeGreaterThan(0);
  expect(drop?.verdict).toBe('pass');
});

test('deploy left production on 1.1.0 (previous 1.0.0) in the file:// registry', async () => {
  const alias = (env: string) =>
    readJson<{ version: string; previous: string | null; digest: string }>(
      `registry/weather/aliases/${env}.json`,
    );
  const production = await alias('production');
  expect(production).toMatchObject({ version: '1.1.0', previous: '1.0.0' });
  expect((await alias('staging')).version).toBe('1.1.0');
  const manifest = await readJson<{ digest: string }>(
    'registry/weather/versions/1.1.0/ml-manifest.json',
  );
  expect(production.digest).toBe(manifest.digest);
  expect(
    await fs.readdir(path.join(out, 'registry', 'weather', 'history', 'production')),
  ).toHaveLength(2);
});

test('drift-monitor flags the temperatures of a summer window against whole years', async () => {
  type Drift = { drift_share: number; columns: { name: string; drifted: boolean }[] };
  const summer = await readJson<Drift>('drift/summer-2015/drift.json');
  const drifted = summer.columns.filter((c) => c.drifted).map((c) => c.name);
  expect(drifted).toEqual(expect.arrayContaining(['temp_max', 'temp_min']));
  const year = await readJson<Drift>('drift/2015/drift.json');
  expect(year.drift_share).toBeGreaterThanOrEqual(0);
  expect(summer.drift_share).toBeGreaterThan(year.drift_share);
  expect(await read('drift/summer-2015/report.html')).toMatch(/^<!doctype html>/i);
});

test('the predictions file types predictions like the labels', async () => {
  const rows = (await read('smoke-test/1.1.0/predictions.jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { prediction: unknown; label: unknown });
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows.slice(0, 50)) expect(typeof r.prediction).toBe(typeof r.label);
});

test('index.html is self-contained, shows the real numbers and links only files that exist', async () => {
  const html = await read('index.html');
  expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(/i);
  const candidate = await readJson<{ metrics: { accuracy: number } }>(
    'smoke-test/1.1.0/metrics.json',
  );
  expect(html).toContain(formatNumber(candidate.metrics.accuracy));
  const summer = await readJson<{ drift_share: number }>('drift/summer-2015/drift.json');
  expect(html).toContain(`drift share ${formatNumber(summer.drift_share)}`);
  // Job summaries rendered as HTML: tables, mermaid charts drawn as SVG, no markdown escapes.
  const summaries = html.slice(html.indexOf('<h2>Job summaries</h2>'));
  expect(summaries).toContain('<div class="md">');
  expect(summaries).toMatch(/<table>/);
  expect(summaries).toMatch(/<figure class="chart"><svg/);
  expect(summaries).not.toMatch(/```|xychart-beta|&amp;#39;|\\\./);
  // The key numbers chart, and no number printed with float noise (the gate's rule reasons keep
  // 6 significant digits on purpose).
  expect(html).toMatch(/aria-label="Key numbers/);
  const text = html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, ' ');
  expect(text).not.toMatch(/\d\.\d{9,}/);
  expect(html).toMatch(/gate verdict.*passed/s);
  const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
  expect(links).toEqual(
    expect.arrayContaining([
      'gate/gate-report.json',
      'smoke-test/1.1.0/metrics.json',
      'drift/2015/report.html',
      'drift/summer-2015/report.html',
    ]),
  );
  for (const link of links) {
    expect(link).not.toMatch(/^[a-z]+:/i);
    expect(existsSync(path.join(out, link))).toBe(true);
  }
});

test('a non-empty directory that is not an earlier demo output is never emptied', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'not-demo-'));
  await fs.writeFile(path.join(dir, 'thesis.tex'), 'precious');
  try {
    const refused = await runDemo(dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty and holds no demo.json');
    expect(await fs.readdir(dir)).toEqual(['thesis.tex']);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
