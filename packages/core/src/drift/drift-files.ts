import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderDriftHtml } from '../report/drift-html.js';
import type { ColumnHistogram, DriftReport } from './drift-report.js';

export interface DriftFiles {
  /** drift.json */
  json: string;
  /** report.html */
  html: string;
}

/** JSON cannot hold NaN or ±Infinity; the report states them as null rather than lying with 0. */
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Writes drift.json and report.html into `dir` (created when missing). */
export async function writeDriftFiles(
  dir: string,
  report: DriftReport,
  histograms: ColumnHistogram[],
): Promise<DriftFiles> {
  await fs.mkdir(dir, { recursive: true });
  const files = { json: path.join(dir, 'drift.json'), html: path.join(dir, 'report.html') };
  await fs.writeFile(files.json, JSON.stringify(report, finiteOrNull, 2) + '\n');
  await fs.writeFile(files.html, renderDriftHtml(report, histograms));
  return files;
}
