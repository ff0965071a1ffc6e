/**
 * The drift report (`drift.json`, schema `ml-actions/drift@1`, see DESIGN.md) as drift-monitor
 * writes it. The statistics part (columns, dataset drift) comes from stats; this module adds the
 * sections drift-monitor computes around it (concept drift, anomalies) and the per-column
 * histograms the HTML report draws.
 */

import type { AnomalyResult } from '../stats/anomalies.js';
import type { ConceptDriftResult } from '../stats/concept-drift.js';

export const DRIFT_SCHEMA = 'ml-actions/drift@1';

/** Methods that decide by p-value (drift when p < threshold); the others decide by distance. */
export const P_VALUE_METHODS: readonly string[] = ['ks', 'chisquare', 'z'];

export interface DriftColumn {
  name: string;
  type: string;
  method: string;
  statistic: number;
  p_value?: number | null;
  threshold: number;
  drifted: boolean;
  missing_share: { reference: number; current: number };
  [key: string]: unknown;
}

export interface DriftReportCore {
  schema: typeof DRIFT_SCHEMA | string;
  reference: { rows: number; [key: string]: unknown };
  current: { rows: number; [key: string]: unknown };
  drift_share: number;
  dataset_drift: boolean;
  columns: DriftColumn[];
  [key: string]: unknown;
}

/** Model behaviour: quality on both sides and the drift of the prediction column. */
export interface ConceptDriftSection extends ConceptDriftResult {
  target_column: string;
  prediction_column: string;
  probability_columns?: string[];
  prediction_drift?: DriftColumn;
}

/** The whole `drift.json` drift-monitor writes. */
export interface DriftReport extends DriftReportCore {
  /** The monitored dataset's name (alerts are grouped by it). */
  dataset?: string;
  concept_drift?: ConceptDriftSection;
  anomalies?: AnomalyResult;
}

/** Reference and current distribution of one column over shared bins, for the HTML report. */
export interface ColumnHistogram {
  column: string;
  /** One label per bin: a numeric range or a category. */
  bins: string[];
  /** Share of each side's non-missing values in each bin. */
  reference: number[];
  current: number[];
}
