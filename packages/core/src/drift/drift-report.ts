/**
 * The drift report (`drift.json`, schema `ml-actions/drift@1`, see DESIGN.md) as drift-monitor
 * writes it: the statistics of stats/compute-drift.ts plus the sections drift-monitor computes
 * around them (the dataset name, concept drift, anomalies). The per-column histograms the HTML
 * report draws are not part of the file.
 */

import type { AnomalyResult } from '../stats/anomalies.js';
import type { ColumnDrift, DriftResult } from '../stats/compute-drift.js';
import type { ConceptDriftResult } from '../stats/concept-drift.js';

export type DriftColumn = ColumnDrift;

/** Model behaviour: quality on both sides and the drift of the prediction column. */
export interface ConceptDriftSection extends ConceptDriftResult {
  target_column?: string;
  prediction_column: string;
  probability_columns?: string[];
  prediction_drift?: DriftColumn;
}

/** The whole `drift.json` drift-monitor writes. */
export interface DriftReport extends DriftResult {
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
