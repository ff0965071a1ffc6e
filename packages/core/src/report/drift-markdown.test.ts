import type { DriftColumn, DriftReport } from '../drift/drift-report.js';
import { renderDriftHtml } from './drift-html.js';
import { ANOMALY_ROWS_SHOWN, renderDriftMarkdown } from './drift-markdown.js';
import type { AnomalyResult } from '../stats/anomalies.js';
import { GITHUB_BODY_LIMIT } from './github-body.js';
import { driftScore, sortBySeverity } from './drift-severity.js';

function column(name: string, over: Partial<DriftColumn> = {}): DriftColumn {
  return {
    name,
    type: 'numeric',
    method: 'ks',
    statistic: 0.1,
    p_value: 0.5,
    threshold: 0.05,
    drifted: false,
    missing_share: { reference: 0, current: 0 },
    missing_share_jump: false,
    unseen: { count: 0, share: 0 },
    exact: true,
    ...over,
  } as DriftColumn;
}

function report(columns: DriftColumn[]): DriftReport {
  const drifted = columns.filter((c) => c.drifted).map((c) => c.name);
  return {
    schema: 'ml-actions/drift@1',
    reference: { rows: 1000, source: 'data' },
    current: { rows: 1200, source: 'data' },
    drift_share: columns.length ? drifted.length / columns.length : 0,
    drift_share_threshold: 0.5,
    dataset_drift: drifted.length / columns.length >= 0.5,
    number_of_columns: columns.length,
    number_of_drifted_columns: drifted.length,
    drifted_columns: drifted,
    missing_share_jumps: [],
    columns,
    skipped_columns: [],
  };
}

describe('drift severity', () => {
  it('puts threshold at score 1 for both p-value tests and distances', () => {
    expect(driftScore(column('a', { p_value: 0.05 }))).toBeCloseTo(1, 12);
    expect(driftScore(column('a', { p_value: 0.0025 }))).toBeCloseTo(2, 12);
    expect(
      driftScore(column('b', { method: 'psi', statistic: 0.2, threshold: 0.1, p_value: null })),
    ).toBeCloseTo(2, 12);
    expect(Number.isFinite(driftScore(column('c', { p_value: 0 })))).toBe(true);
  });

  it('sorts drifted columns first, then by score', () => {
    const sorted = sortBySeverity([
      column('calm', { p_value: 0.9 }),
      column('mild', { p_value: 0.01, drifted: true }),
      column('strong', { p_value: 1e-20, drifted: true }),
      column('borderline', { p_value: 0.06 }),
    ]);
    expect(sorted.map((c) => c.name)).toEqual(['strong', 'mild', 'borderline', 'calm']);
  });
});

describe('renderDriftMarkdown', () => {
  it('shows the verdict, a mermaid chart and a table sorted by severity', () => {
    const md = renderDriftMarkdown(
      report([
        column('temp_max', { drifted: true, p_value: 1e-9, statistic: 0.41 }),
        column('wind', { p_value: 0.7 }),
      ]),
    );
    expect(md).toContain('🔴 Dataset drift detected');
    expect(md).toContain('**1 of 2** columns drifted (50 %; dataset drift from 50 %)');
    expect(md).toContain(
      '## 🔴 Dataset drift detected: 1 of 2 columns drifted: temp\\_max (KS p=1e-9)',
    );
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('x-axis ["temp_max", "wind"]');
    expect(md.indexOf('| 🔴 | temp\\_max')).toBeGreaterThan(0);
    expect(md.indexOf('temp\\_max')).toBeLessThan(md.indexOf('| 🟢 | wind'));
    expect(md).toContain('1.00e-9');
  });

  it('escapes hostile column names in the table and the chart', () => {
    const evil = 'x"]\n```\n<img src=x onerror=alert(1)>|@team';
    const md = renderDriftMarkdown(report([column(evil, { drifted: true, p_value: 0.001 })]));
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@team');
    const fences = md.match(/```/g) ?? [];
    expect(fences).toHaveLength(2);
    const chartLabels = md.split('\n').find((l) => l.includes('x-axis'))!;
    expect(chartLabels.match(/"/g)).toHaveLength(2);
  });

  it('lists unseen categories, missing-value jumps and approximations as signals', () => {
    const md = renderDriftMarkdown(
      report([
        column('plan', {
          type: 'categorical',
          method: 'chisquare',
          unseen: { count: 3, share: 0.03, examples: ['enterprise'] },
          missing_share_jump: true,
          exact: false,
          approximation: { statistic: 0.002, note: 'from a profile' },
        }),
      ]),
    );
    expect(md).toContain(
      String.raw`missing values jumped; unseen categories \(3 %\): enterprise; approximate \(±0\.002\)`,
    );
    expect(md).toContain('| ≈0.1 |');
  });

  it('stays under the GitHub body limit with thousands of columns, worst columns kept', () => {
    const columns = Array.from({ length: 5000 }, (_, i) =>
      column(`feature_with_a_long_name_${i}`, {
        p_value: i === 4321 ? 1e-30 : 0.5,
        drifted: i === 4321,
      }),
    );
    const md = renderDriftMarkdown(report(columns));
    expect(md.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(md).toContain('feature\\_with\\_a\\_long\\_name\\_4321');
    expect(md).toMatch(/_\d+ more columns are in drift\.json\._/);
  });

  it('labels an accuracy estimate as an estimate', () => {
    const md = renderDriftMarkdown({
      ...report([column('a')]),
      concept_drift: {
        task: 'classification',
        target_column: 'label',
        prediction_column: 'pred',
        reference: { rows: 10, accuracy: 0.9, f1_macro: 0.88, roc_auc: 0.95 },
        current: null,
        change: {},
        estimate: {
          estimated: true,
          method: 'confidence',
          accuracy: 0.81,
          calibrated: true,
          rows: 5,
        },
      },
    });
    expect(md).toContain('**Estimated** current accuracy: 0.81');
    expect(md).toContain('not a measurement');
    expect(md).toContain('has no labels');
  });
});

describe('renderDriftHtml', () => {
  it('is self-contained: CSP, no scripts, no external references, escaped data', () => {
    const evil = '<script>alert("x")</script>';
    const html = renderDriftHtml({ ...report([column(evil, { drifted: true })]), dataset: evil }, [
      { column: evil, bins: [evil, 'b'], reference: [0.5, 0.5], current: [0.9, 0.1] },
    ]);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<svg');
  });
});

describe('wide reports and one-sided columns', () => {
  it('names columns present on one side only, in markdown and HTML, escaped', () => {
    const r = report([column('a')]);
    r.skipped_columns = [
      { name: 'old_*col*', reason: 'not in the current data' },
      { name: '<b>new</b>', reason: 'not in the reference data' },
      { name: 'ts', reason: 'datetime column (name it in columns to test it)' },
    ];
    const md = renderDriftMarkdown(r);
    expect(md).toContain('Columns on one side only, not compared');
    expect(md).toContain('- 1 only in the reference data: old\\_\\*col\\*');
    expect(md).toMatch(/- 1 only in the current data: .*new/);
    expect(md).not.toContain('<b>');
    const html = renderDriftHtml(r);
    expect(html).toContain('Columns on one side only (not compared)');
    expect(html).toContain('&lt;b&gt;new&lt;/b&gt;');
    expect(md).not.toContain('ts');
  });

  it('caps the HTML table and sections for 20,000 columns, with a note', () => {
    const columns = Array.from({ length: 20_000 }, (_, i) =>
      column(`c${i}`, { p_value: (i + 1) / 20_001 }),
    );
    const html = renderDriftHtml(report(columns));
    expect(html.length).toBeLessThan(2_000_000);
    expect(html).toContain(
      'Rows shown for the 2,000 most severe of 20,000 columns; all 20,000 columns were summarised in drift.json.',
    );
    expect(html).toContain('Histograms shown for the 200 most severe of 20,000 columns');
    expect(html.match(/<section class="column"/g)).toHaveLength(200);
    const md = renderDriftMarkdown(report(columns));
    expect(md).toContain('_19900 more columns are in drift.json._');
  });
});

describe('headline', () => {
  it('names the drifted columns and their statistics even without dataset drift', () => {
    const columns = [
      column('mean_radius', { drifted: true, p_value: 4.2e-40, statistic: 0.3 }),
      column('site', { type: 'categorical', method: 'chisquare', drifted: true, p_value: 0.0123 }),
      ...Array.from({ length: 30 }, (_, i) => column(`f${i}`)),
    ];
    const r = report(columns);
    expect(r.dataset_drift).toBe(false);
    const md = renderDriftMarkdown(r);
    expect(md.split('\n')[0]).toBe(
      '## 🟡 No dataset drift: 2 of 32 columns drifted: mean\\_radius (KS p=4e-40), site (χ² p=0.012)',
    );
    const html = renderDriftHtml(r);
    expect(html).toContain(
      '<strong>No dataset drift</strong>: 2 of 32 columns drifted: mean_radius (KS p=4e-40), site (χ² p=0.012)',
    );
  });

  it('says so plainly when nothing drifted, and names distances by value', () => {
    expect(renderDriftMarkdown(report([column('a'), column('b')])).split('\n')[0]).toBe(
      '## 🟢 No dataset drift: 0 of 2 columns drifted',
    );
    const md = renderDriftMarkdown(
      report([
        column('w', {
          method: 'wasserstein',
          statistic: 0.234,
          threshold: 0.1,
          p_value: null,
          drifted: true,
        }),
        column('a'),
        column('b'),
      ]),
    );
    expect(md.split('\n')[0]).toContain('1 of 3 columns drifted: w (Wasserstein 0.23)');
  });

  it('escapes names and caps the list', () => {
    const columns = Array.from({ length: 12 }, (_, i) =>
      column(`<b>c${i}</b>|@team`, { drifted: true, p_value: 1e-5 * (i + 1) }),
    );
    const md = renderDriftMarkdown(report(columns));
    const first = md.split('\n')[0];
    expect(first).not.toContain('<b>');
    expect(first).not.toContain('@team');
    expect(first).toMatch(/12 of 12 columns drifted: .* and 7 more$/);
    expect(first.match(/\(KS p=/g)).toHaveLength(5);
    const html = renderDriftHtml(report(columns));
    expect(html).not.toContain('<b>c0');
  });
});

describe('anomaly section', () => {
  function anomalies(n: number): AnomalyResult {
    return {
      method: 'robust_z',
      contamination: 0.01,
      threshold: 3.2,
      reference: { rows: 1000, anomalous: 10, share: 0.01 },
      current: { rows: 1000, anomalous: n, share: n / 1000 },
      by_column: { a: n },
      scales: [],
      skipped: [],
      top: Array.from({ length: n }, (_, i) => ({
        row: i,
        score: 100 - i,
        reasons: [{ column: 'a', value: i, score: 100 - i }],
      })),
    };
  }

  it('comes after the chart and the table, lists the top 20 by score and points to drift.json', () => {
    const md = renderDriftMarkdown({
      ...report([column('a', { drifted: true, p_value: 1e-9 })]),
      anomalies: anomalies(130),
    });
    const section = md.slice(md.indexOf('# Anomalies'));
    expect(md.indexOf('```mermaid')).toBeLessThan(md.indexOf('# Anomalies'));
    expect(md.indexOf('| 🔴 | a')).toBeLessThan(md.indexOf('# Anomalies'));
    expect(section.match(/^\| \d+ \| [\d.]+ \| a \|/gm)).toHaveLength(ANOMALY_ROWS_SHOWN);
    expect(section).toContain('| 1 | 100 | a | 0 | z = 100 |');
    expect(section).toContain(
      'The 20 highest-scoring of 130 anomalous rows; the full list is in drift.json',
    );
    expect(section).toContain('contamination 1 %');
    expect(section).toContain("the reference's own 0.99 quantile");
  });

  it('comes after the histograms in the HTML report, capped at 20 rows', () => {
    const html = renderDriftHtml(
      { ...report([column('a', { drifted: true, p_value: 1e-9 })]), anomalies: anomalies(130) },
      [{ column: 'a', bins: ['x', 'y'], reference: [0.5, 0.5], current: [0.9, 0.1] }],
    );
    expect(html.indexOf('<svg')).toBeGreaterThan(0);
    expect(html.indexOf('<svg')).toBeLessThan(html.indexOf('<h2>Anomalies</h2>'));
    const section = html.slice(html.indexOf('<h2>Anomalies</h2>'));
    expect(section.match(/<tr><td class="num">\d+</g)).toHaveLength(ANOMALY_ROWS_SHOWN);
    expect(section).toContain('The 20 highest-scoring of 130 anomalous rows');
  });
});
