import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadedMetrics } from '../metrics/metrics-file.js';
import type { CheckResult, GateResult } from './evaluate.js';

/** The JSON gate report (`ml-actions/gate-report@1`): every check with its numbers and verdict. */
export const GATE_REPORT_SCHEMA = 'ml-actions/gate-report@1';

export interface GateReport {
  schema: typeof GATE_REPORT_SCHEMA;
  title: string;
  passed: boolean;
  counts: GateResult['counts'];
  policy: string;
  metrics: { source: string; model?: LoadedMetrics['model'] };
  baseline: { source: string; model?: LoadedMetrics['model'] } | null;
  checks: CheckResult[];
  failed_file_checks: GateResult['failedFileChecks'];
  /** Warnings that are not a rule's verdict (e.g. a baseline measured on other data). */
  warnings: string[];
}

export function buildGateReport(
  result: GateResult,
  info: { title: string; policy: string; metrics: LoadedMetrics; baseline?: LoadedMetrics },
): GateReport {
  const about = (m: LoadedMetrics) => ({
    source: m.source,
    ...(m.model ? { model: m.model } : {}),
  });
  return {
    schema: GATE_REPORT_SCHEMA,
    title: info.title,
    passed: result.passed,
    counts: result.counts,
    policy: info.policy,
    metrics: about(info.metrics),
    baseline: info.baseline ? about(info.baseline) : null,
    checks: result.checks,
    failed_file_checks: result.failedFileChecks,
    warnings: result.warnings,
  };
}

/**
 * Where the report goes: `<outputDir>/gate-report.json` when given, else the runner's temp
 * dir, one folder per comment key. Not scratch: the `report` output points at it.
 */
export function gateReportPath(key: string, outputDir?: string): string {
  if (outputDir) return path.join(outputDir, 'gate-report.json');
  const base = process.env.RUNNER_TEMP || os.tmpdir();
  return path.join(
    base,
    'ml-actions',
    'gate',
    key.replace(/[^A-Za-z0-9._-]/g, '_'),
    'gate-report.json',
  );
}

export async function writeGateReport(file: string, report: GateReport): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(report, null, 2) + '\n');
}

/** The `failed-rules` output: the failed checks, compact. */
export function failedRulesJson(result: GateResult): string {
  return JSON.stringify(
    result.failed.map(({ rule, metric, kind, limit, value, baseline, reason }) => ({
      rule,
      metric,
      kind,
      limit,
      value,
      baseline,
      reason,
    })),
  );
}
