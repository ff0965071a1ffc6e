import type { CellValue, Column, ColumnType, Table } from '../data/table-types.js';
import type { DatasetProfile } from '../stats/profile/dataset-profile.js';
import { columnHistograms, OTHER_CATEGORY, profileHistograms } from './column-histograms.js';
import { analyzeAnomalies, analyzeConcept, inferTask } from './model-analysis.js';

function col(name: string, type: ColumnType, values: CellValue[]): Column {
  return { name, type, values, missing: values.filter((v) => v === null).length };
}

function table(columns: Column[], rowIndex?: number[]): Table {
  const rows = columns[0].values.length;
  return {
    columns,
    rows,
    totalRows: rows,
    rowIndex: rowIndex ?? Array.from({ length: rows }, (_, i) => i),
    files: ['t.csv'],
  };
}

describe('inferTask', () => {
  it('reads few whole-number labels as classes and real values as regression', () => {
    expect(inferTask([col('y', 'numeric', [0, 1, 1, null])], false)).toBe('classification');
    expect(inferTask([col('y', 'numeric', [0.5, 1, 2])], false)).toBe('regression');
    expect(
      inferTask(
        [
          col(
            'y',
            'numeric',
            Array.from({ length: 30 }, (_, i) => i),
          ),
        ],
        false,
      ),
    ).toBe('regression');
    expect(inferTask([col('y', 'categorical', ['a', 'b'])], false)).toBe('classification');
    expect(inferTask([col('y', 'numeric', [0.5, 1.5])], true)).toBe('classification');
  });
});

describe('analyzeConcept', () => {
  it('estimates current accuracy when the current data has no labels', () => {
    const reference = table([
      col('label', 'categorical', ['no', 'yes', 'no', 'yes']),
      col('pred', 'categorical', ['no', 'yes', 'yes', 'yes']),
      col('p_yes', 'numeric', [0.1, 0.9, 0.6, 0.8]),
    ]);
    const current = table([
      col('label', 'categorical', [null, null]),
      col('pred', 'categorical', ['no', 'yes']),
      col('p_yes', 'numeric', [0.2, 0.7]),
    ]);
    const result = analyzeConcept(reference, current, {
      target: 'label',
      prediction: 'pred',
      probabilities: ['p_yes'],
    });
    expect(result.task).toBe('classification');
    expect(result.reference).toMatchObject({ rows: 4, accuracy: 0.75, roc_auc: 1 });
    expect(result.current).toBeNull();
    expect(result.estimate?.estimated).toBe(true);
    expect(result.estimate?.calibrated).toBe(true);
  });

  it('says which probability column is missing', () => {
    const t = table([col('pred', 'numeric', [1, 0])]);
    expect(() => analyzeConcept(t, t, { prediction: 'pred', probabilities: ['p1'] })).toThrow(
      "Input 'probability-columns': column 'p1' is not in the reference data.",
    );
  });
});

describe('analyzeAnomalies', () => {
  it('reports source row numbers of a sampled current table', () => {
    const reference = table([
      col(
        'x',
        'numeric',
        Array.from({ length: 101 }, (_, i) => i),
      ),
    ]);
    const current = table([col('x', 'numeric', [50, 10_000])], [7, 4242]);
    const result = analyzeAnomalies(reference, current, ['x']);
    expect(result.current.anomalous).toBe(1);
    expect(result.top[0].row).toBe(4242);
  });
});

describe('columnHistograms', () => {
  it('bins numbers over both sides and pools rare categories', () => {
    const [num, cat] = columnHistograms(
      [
        col('x', 'numeric', [0, 1, 2, 3, null]),
        col(
          'c',
          'categorical',
          Array.from({ length: 30 }, (_, i) => `k${i}`),
        ),
      ],
      [col('x', 'numeric', [8, 10]), col('c', 'categorical', ['k0', 'k0'])],
    );
    expect(num.bins).toHaveLength(20);
    expect(num.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(num.current[19]).toBeCloseTo(0.5, 12);
    expect(cat.bins).toHaveLength(20);
    expect(cat.bins[0]).toBe('k0');
    expect(cat.bins[19]).toBe(OTHER_CATEGORY);
    expect(cat.current[0]).toBe(1);
  });

  it('labels datetime bins with dates', () => {
    const day = 86_400_000;
    const [h] = columnHistograms(
      [col('when', 'datetime', [0, 20 * day])],
      [col('when', 'datetime', [10 * day])],
    );
    expect(h.bins[0]).toBe('1970-01-01–1970-01-02');
  });
});

describe('profileHistograms', () => {
  it("bins current values over the profile's edges and compares categories with its counts", () => {
    const profile = {
      schema: 'ml-actions/profile@1',
      rows: 4,
      columns: [
        {
          name: 'x',
          type: 'numeric',
          count: 4,
          missing: 0,
          numeric: { histogram: { edges: [0, 1, 2], counts: [3, 1] } },
        },
        {
          name: 'c',
          type: 'categorical',
          count: 4,
          missing: 0,
          categories: {
            capacity: 1000,
            items: [
              ['a', 3],
              ['b', 1],
            ],
            undercount: 0,
          },
        },
      ],
    } as unknown as DatasetProfile;
    const [x, c] = profileHistograms(profile, [
      col('x', 'numeric', [-5, 0.5, 1.5, 9]),
      col('c', 'categorical', ['b', 'b']),
    ]);
    expect(x).toEqual({
      column: 'x',
      bins: ['0–1', '1–2'],
      reference: [0.75, 0.25],
      current: [0.5, 0.5],
    });
    expect(c).toEqual({ column: 'c', bins: ['b', 'a'], reference: [0.25, 0.75], current: [1, 0] });
  });
});
