import { promises as fs } from 'node:fs';
import { seededRandom } from '@ml-actions/core/stats/random.js';
import type { GitHubEmulator } from '../emulators/github/index.js';
import type { RunActionOptions } from '../harness/run-action.js';
import {
  closeScheduledBench,
  errorLines,
  openScheduledBench,
  runScheduled,
  writeIn,
} from '../harness/scheduled-run.js';

/**
 * Issue 13, drift side, on the bundled drift-monitor: verdicts people can trust. A categorical
 * A/A case is not flagged by chisquare (now the two-sample test of homogeneity), the headline names
 * a drifted column when there is no dataset drift, and anomalies are calibrated on the reference
 * with a capped list after the charts (the full list in drift.json).
 */

let gh: GitHubEmulator;
let workspace: string;

beforeEach(async () => ({ gh, workspace } = await openScheduledBench('drift-verdicts-')));
afterEach(() => closeScheduledBench({ gh, workspace }));

const drift = (inputs: RunActionOptions['inputs']) =>
  runScheduled('drift-monitor', { gh, workspace }, { alert: 'none', ...inputs });

const write = (name: string, text: string) => writeIn(workspace, name, text);

function normals(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A column of the given category counts, in a seeded shuffled order. */
function shuffled(counts: Record<string, number>, seed: number): string[] {
  const values = Object.entries(counts).flatMap(([k, n]) => Array<string>(n).fill(k));
  const u = seededRandom(seed);
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

describe('drift-monitor verdicts (issue 13)', () => {
  it('does not flag an A/A categorical split that the goodness-of-fit chisquare flagged', async () => {
    // Both windows drawn like one another (shares 0.5/0.3/0.2), 300 rows each. The old definition
    // (expected = reference shares x n_cur) gave chi2 = 6.694, p = 0.0352 (scipy.stats.chisquare):
    // flagged. chi2_contingency(correction=False): chi2 = 3.5357142857142856, p = 0.17069837943730168.
    const ref = shuffled({ a: 150, b: 90, c: 60 }, 1);
    const cur = shuffled({ a: 170, b: 85, c: 45 }, 2);
    await write('ref.csv', ['site', ...ref].join('\n') + '\n');
    await write('cur.csv', ['site', ...cur].join('\n') + '\n');
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv' });
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    const [site] = report.columns;
    expect(site).toMatchObject({ name: 'site', method: 'chisquare', drifted: false });
    expect(Math.abs(site.statistic - 3.5357142857142856)).toBeLessThan(1e-9 * 3.54);
    expect(Math.abs(site.p_value - 0.17069837943730168)).toBeLessThan(1e-6 * 0.171);
    expect(run.outputs['drift-detected']).toBe('false');
    expect(run.summary).toContain('🟢 No dataset drift');
  });

  it('names a drifted column and its statistic in the headline when there is no dataset drift', async () => {
    const z = normals(8);
    const names = ['mean_radius', 'texture', 'smoothness', 'area', 'f4', 'f5', 'f6', 'f7'];
    const rows = (n: number, scale: number) => {
      const lines = [names.join(',')];
      for (let i = 0; i < n; i++) {
        // mean_radius is scaled by `scale` (a unit change upstream); the others are A/A
        lines.push(
          [(14 + 3.5 * z()) * scale, ...names.slice(1).map((_, j) => 10 * j + z())]
            .map((v) => v.toFixed(5))
            .join(','),
        );
      }
      return lines.join('\n') + '\n';
    };
    await write('ref.csv', rows(500, 1));
    await write('cur.csv', rows(500, 1.3));
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', method: 'ks' });
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.dataset_drift).toBe(false);
    // mean_radius first (most severe); an A/A column may cross p < 0.05 by chance
    expect(report.drifted_columns).toContain('mean_radius');
    expect(report.drifted_columns.length).toBeLessThan(4);
    const headline = run.summary.split('\n').find((l) => l.startsWith('#'))!;
    expect(headline).toMatch(
      /^## 🟡 No dataset drift in ref\\\.csv: [1-3] of 8 columns drifted: mean\\_radius \(KS p=\de-\d+\)/,
    );
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(html).toMatch(
      /No dataset drift<\/strong>: [1-3] of 8 columns drifted: mean_radius \(KS p=\de-\d+\)/,
    );
  });

  it('calibrates anomalies on the reference: an A/A run flags about 1 % of rows, top 20 listed after the charts', async () => {
    const z = normals(11);
    const columns = Array.from({ length: 30 }, (_, j) => `f${j}`);
    const rows = (n: number) => {
      const lines = [columns.join(',')];
      for (let i = 0; i < n; i++) {
        // heavy tails in a third of the columns, as real measurements have
        lines.push(
          columns
            .map((_, j) => (j % 3 === 0 ? Math.exp(z()) : j % 3 === 1 ? z() : z() * z() * z()))
            .map((v) => v.toFixed(5))
            .join(','),
        );
      }
      return lines.join('\n') + '\n';
    };
    await write('ref.csv', rows(3000));
    await write('cur.csv', rows(3000));
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv' });
    expect(errorLines(run)).toEqual([]);
    const { anomalies } = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(anomalies).toMatchObject({ method: 'robust_z', contamination: 0.01 });
    // A/A: Binomial(3000, 0.01) plus the error of the reference quantile, 3 standard errors
    const sd = Math.sqrt(3000 * 0.01 * 0.99 * 2);
    expect(Math.abs(anomalies.current.anomalous - 30)).toBeLessThanOrEqual(3 * sd);
    expect(anomalies.reference.share).toBeLessThanOrEqual(0.01);
    // the full list is in drift.json, worst first, current rows only (0-based source rows)
    expect(anomalies.top).toHaveLength(anomalies.current.anomalous);
    const scores = anomalies.top.map((e: { score: number }) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s: number) => s > anomalies.threshold)).toBe(true);
    // the summary lists 20 rows, after the chart and the column table
    const summary = run.summary;
    const section = summary.slice(summary.indexOf('# Anomalies'));
    expect(summary.indexOf('```mermaid')).toBeLessThan(summary.indexOf('# Anomalies'));
    expect(summary.indexOf('| Column | Type |')).toBeLessThan(summary.indexOf('# Anomalies'));
    expect(section.match(/^\| \d+ \| [\d.e-]+ \|/gm)).toHaveLength(20);
    expect(section).toContain(
      `The 20 highest-scoring of ${anomalies.current.anomalous} anomalous rows; the full list is in drift.json`,
    );
    const html = await fs.readFile(run.outputs['report-html'], 'utf8');
    expect(html.lastIndexOf('<svg')).toBeLessThan(html.indexOf('<h2>Anomalies</h2>'));
  });

  it('takes the contamination input', async () => {
    const z = normals(3);
    const rows = (n: number) =>
      ['x,y', ...Array.from({ length: n }, () => `${z().toFixed(5)},${z().toFixed(5)}`)].join(
        '\n',
      ) + '\n';
    await write('ref.csv', rows(2000));
    await write('cur.csv', rows(2000));
    const run = await drift({ reference: 'ref.csv', current: 'cur.csv', contamination: '0.1' });
    expect(errorLines(run)).toEqual([]);
    const { anomalies } = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(anomalies.contamination).toBe(0.1);
    const sd = Math.sqrt(2000 * 0.1 * 0.9 * 2);
    expect(Math.abs(anomalies.current.anomalous - 200)).toBeLessThanOrEqual(3 * sd);
    const bad = await drift({ reference: 'ref.csv', current: 'cur.csv', contamination: '1' });
    expect(errorLines(bad)).toEqual([
      "Input 'contamination': must be above 0 and below 1 (a share of rows), got 1.",
    ]);
  });

  it('profiles without raw identifiers: the ID column is left out with a note, and compare says why', async () => {
    const z = normals(5);
    const rows = (n: number, from: number) =>
      [
        'id,radius,site',
        ...Array.from(
          { length: n },
          (_, i) =>
            `${842302 + 13 * (from + i)},${(14 + 3.5 * z()).toFixed(4)},${['a', 'b', 'c'][i % 3]}`,
        ),
      ].join('\n') + '\n';
    await write('train.csv', rows(398, 0));
    await write('cur.csv', rows(300, 1000));
    const profiled = await drift({ mode: 'profile', reference: 'train.csv', 'report-dir': 'prof' });
    expect(errorLines(profiled)).toEqual([]);
    const text = await fs.readFile(profiled.outputs.profile, 'utf8');
    const profile = JSON.parse(text);
    expect(profile.columns.map((c: { name: string }) => c.name)).toEqual(['radius', 'site']);
    expect(profile.excluded_columns).toEqual([
      { name: 'id', reason: expect.stringMatching(/^ID-like/) },
    ]);
    expect(text).not.toMatch(/(?<![\d.])842302(?![\d.])/);
    expect(profiled.summary).toContain('Left out of the profile');
    const run = await drift({ reference: 'prof/profile.json', current: 'cur.csv' });
    expect(errorLines(run)).toEqual([]);
    const report = JSON.parse(await fs.readFile(run.outputs.report, 'utf8'));
    expect(report.columns.map((c: { name: string }) => c.name)).toEqual(['radius', 'site']);
    expect(report.skipped_columns).toEqual([
      { name: 'id', reason: expect.stringMatching(/^left out of the reference profile: ID-like/) },
    ]);
  });
});
