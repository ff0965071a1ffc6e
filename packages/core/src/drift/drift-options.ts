import type { MethodSetting } from '../stats/compute-drift.js';
import type { AlertMode } from './drift-alerts.js';

/**
 * The drift-monitor use case's options: plain values, read and validated by the action's
 * `src/inputs.ts` (`readDriftMonitorInputs`). Nothing in core reads action inputs.
 */

/** One method for every column, or per column with a default for the rest. */
export interface MethodChoice {
  default: MethodSetting;
  perColumn: Record<string, MethodSetting>;
}

export interface DriftMonitorOptions {
  mode: 'compare' | 'profile';
  reference: string[];
  current: string[];
  columns: string[];
  excludeColumns: string[];
  categoricalColumns: string[];
  numericColumns: string[];
  targetColumn?: string;
  predictionColumn?: string;
  probabilityColumns: string[];
  method: MethodChoice;
  /** Undefined: each method's own default. */
  threshold?: number;
  bins: number;
  driftShare: number;
  /** Rise in a column's missing share (absolute) reported as its own signal. */
  missingShareJump: number;
  /** Share of reference rows above the calibrated anomaly threshold (0 < c < 1; default 0.01). */
  contamination?: number;
  reportDir: string;
  dataset: string;
  alert: AlertMode;
  closeOnClear: boolean;
  issueLabels: string[];
  webhookUrl?: string;
  dispatchEvent?: string;
  failOnDrift: boolean;
  token?: string;
  /** Longest wait for one request of the alerts (GitHub API, webhook), in ms. */
  requestTimeoutMs: number;
  /** Seconds the alerts may take in all, counted once the report is written. */
  timeoutSeconds: number;
}
