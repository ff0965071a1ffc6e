import { schemaTypes, type ColumnSchema, type Table } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import type { Logger } from '../runner/logger.js';
import { readProgressLog } from '../runner/progress-log.js';
import {
  computeDrift as computeDriftStats,
  pairColumns,
  type DatasetSummary,
  type DriftOptions,
} from '../stats/compute-drift.js';
import { isStatsError } from '../stats/stats-error.js';
import { statsErrorToUserError } from './drift-errors.js';
import type { DatasetProfile } from '../stats/profile/dataset-profile.js';
import { columnHistograms, profileHistograms } from './column-histograms.js';
import type { DriftMonitorOptions } from './drift-options.js';
import type { ColumnHistogram, ConceptDriftSection, DriftReport } from './drift-report.js';
import { checkColumnNames, withoutColumns } from './feature-columns.js';
import { analyzeAnomalies, analyzeConcept } from './model-analysis.js';
import { loadReferenceProfile } from './profile-run.js';
import { readDatasetSummaryAside, type DatasetReadRequest } from './dataset-read-task.js';
import { readDatasetSummary } from './read-dataset-summary.js';
import { resolveReferenceSource } from './reference-source.js';

/** `compute()` with its StatsErrors turned into UserErrors naming the input to change. */
function withUserErrors<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (isStatsError(error)) throw statsErrorToUserError(error);
    throw error;
  }
}

function computeDrift(...args: Parameters<typeof computeDriftStats>) {
  return withUserErrors(() => computeDriftStats(...args));
}

/** Columns listed by name in a one-side warning (the rest are counted). */
const ONE_SIDE_NAMES = 20;

function listNames(names: string[]): string {
  const shown = names.slice(0, ONE_SIDE_NAMES).map((n) => `'${n}'`);
  if (names.length > ONE_SIDE_NAMES) shown.push(`and ${names.length - ONE_SIDE_NAMES} more`);
  return shown.join(', ');
}

/** Columns on one side only are not compared: say so in the log, not only in drift.json. */
function warnOneSidedColumns(report: DriftReport, log: Logger): void {
  for (const [side, other] of [
    ['reference', 'current'],
    ['current', 'reference'],
  ] as const) {
    const names = report.skipped_columns
      .filter((c) => c.reason === `not in the ${other} data`)
      .map((c) => c.name);
    if (names.length === 0) continue;
    log.warning(
      `${names.length} column${names.length === 1 ? ' is' : 's are'} only in the ${side} data and ` +
        `${names.length === 1 ? 'was' : 'were'} not compared: ${listNames(names)}.`,
    );
  }
}

/**
 * Rows per side kept (uniformly sampled) for the parts that need whole rows: model quality,
 * anomalies and the report's histograms. The drift statistics always use every row.
 */
export const ROW_SAMPLE = 100_000;

export interface DriftComparison {
  report: DriftReport;
  histograms: ColumnHistogram[];
}

interface SideData {
  summary: DatasetSummary;
  schema: ColumnSchema[];
  /** The row sample, read in the same pass as the summary (none for a profile). */
  sample?: Table;
  /** Set when this side was given as a profile. */
  profile?: DatasetProfile;
}

/**
 * The current side as it arrives: its row sample first, then its summary (read aside, the
 * numeric columns are still being sorted when the sample comes). Both reject if the read fails.
 */
interface CurrentSide {
  sample: Promise<Table>;
  summary: Promise<DatasetSummary>;
}

function driftOptions(options: DriftMonitorOptions): DriftOptions {
  return {
    method: options.method,
    threshold: options.threshold,
    bins: options.bins,
    driftShare: options.driftShare,
    missingShareJump: options.missingShareJump,
    columns: options.columns.length > 0 ? options.columns : undefined,
  };
}

function modelColumns(options: DriftMonitorOptions): string[] {
  return [options.targetColumn, options.predictionColumn, ...options.probabilityColumns].filter(
    (c): c is string => c !== undefined,
  );
}

function requireColumn(input: string, name: string, side: string, schema: ColumnSchema[]): void {
  if (!schema.some((c) => c.name === name)) {
    throw new UserError(`column '${name}' is not in the ${side} data.`, input);
  }
}

/** The prediction column's own drift, with `auto` unless the method file names it. */
function predictionDrift(
  reference: DatasetSummary,
  current: DatasetSummary,
  prediction: string,
  options: DriftMonitorOptions,
) {
  const only = (s: DatasetSummary) => ({
    ...s,
    columns: s.columns.filter((c) => c.name === prediction),
  });
  return computeDrift(only(reference), only(current), {
    ...driftOptions(options),
    method: { default: 'auto', perColumn: options.method.perColumn },
    columns: [prediction],
  }).columns[0];
}

/** Model behaviour from the row samples: all of the concept drift section but its drift test. */
function conceptQuality(
  schemas: { reference: ColumnSchema[]; current: ColumnSchema[] },
  samples: { reference: Table; current: Table },
  options: DriftMonitorOptions,
): Omit<ConceptDriftSection, 'prediction_drift'> | undefined {
  const prediction = options.predictionColumn;
  if (!prediction) return undefined;
  requireColumn('prediction-column', prediction, 'reference', schemas.reference);
  requireColumn('prediction-column', prediction, 'current', schemas.current);
  const quality = analyzeConcept(samples.reference, samples.current, {
    target: options.targetColumn,
    prediction,
    probabilities: options.probabilityColumns,
  });
  return {
    ...quality,
    target_column: options.targetColumn,
    prediction_column: prediction,
    probability_columns: options.probabilityColumns.length ? options.probabilityColumns : undefined,
  };
}

/** A table with the schema and no rows: the reference side when it is a profile. */
function emptyTable(schema: ColumnSchema[]): Table {
  return {
    columns: schema.map((c) => ({ name: c.name, type: c.type, values: [], missing: 0 })),
    rows: 0,
    totalRows: 0,
    rowIndex: [],
    files: [],
  };
}

/** How the current data is read: with the reference's column types. */
function currentRequest(
  options: DriftMonitorOptions,
  schema: readonly ColumnSchema[],
): DatasetReadRequest {
  return {
    source: options.current,
    options: { input: 'current', types: schemaTypes(schema), sampleRows: ROW_SAMPLE },
  };
}

/** The current data against a reference profile (nothing to read beside it). */
async function readAgainstProfile(
  reference: SideData,
  options: DriftMonitorOptions,
  log: Logger,
): Promise<{ reference: SideData; current: CurrentSide }> {
  const { source, options: read } = currentRequest(options, reference.schema);
  const current = await readDatasetSummary(source, {
    ...read,
    progress: readProgressLog('Reading the current data', log.info),
  });
  return {
    reference,
    current: { sample: Promise.resolve(current.sample), summary: Promise.resolve(current.summary) },
  };
}

/**
 * Both datasets at once: the reference here, the current data in a worker thread (where the
 * bundle allows it and there is more than one CPU), which starts at once and begins reading as
 * soon as the reference's columns are known (the current data is read with the same types). On
 * two cores this nearly halves the reading, which is most of a run.
 */
async function readBothSides(
  options: DriftMonitorOptions,
  log: Logger,
): Promise<{ reference: SideData; current: CurrentSide }> {
  // The current read starts now (its worker loads meanwhile) and gets its request, with the
  // reference's types, once the reference's columns are known.
  let request: (schema: ColumnSchema[]) => void = () => {};
  let noRequest: (error: unknown) => void = () => {};
  const currentRead = readDatasetSummaryAside(
    new Promise<DatasetReadRequest>((resolve, reject) => {
      request = (schema) => resolve(currentRequest(options, schema));
      noRequest = reject;
    }),
    { progress: readProgressLog('Reading the current data', log.info) },
  );
  // Awaited later, after the reference; until then a failure must not count as unhandled.
  const current: CurrentSide = {
    sample: currentRead.sample,
    summary: currentRead.read.then((read) => read.summary),
  };
  current.sample.catch(() => {});
  current.summary.catch(() => {});
  let reference: Awaited<ReturnType<typeof readDatasetSummary>>;
  try {
    reference = await readDatasetSummary(options.reference, {
      input: 'reference',
      categoricalColumns: options.categoricalColumns,
      numericColumns: options.numericColumns,
      progress: readProgressLog('Reading the reference data', log.info),
      sampleRows: ROW_SAMPLE,
      onSchema: request,
    });
  } catch (error) {
    // No columns, no current read: its worker is stopped.
    noRequest(error);
    throw error;
  }
  return { reference, current };
}

/**
 * Compares the current data with the reference (data or profile): drift statistics of every
 * feature column on all rows, then model behaviour, anomalies and histograms on row samples.
 * Every data problem surfaces here as a UserError, before anything is written or sent.
 */
export async function compareWithReference(
  options: DriftMonitorOptions,
  log: Logger,
): Promise<DriftComparison> {
  const source = await resolveReferenceSource('reference', options.reference);
  const { reference, current } =
    source.kind === 'profile'
      ? await readAgainstProfile(await loadReferenceProfile(source.files), options, log)
      : await readBothSides(options, log);

  const currentSample = await current.sample;
  const schemas = {
    reference: reference.schema,
    current: currentSample.columns.map(({ name, type }): ColumnSchema => ({ name, type })),
  };
  checkColumnNames('exclude-columns', options.excludeColumns, schemas.reference, schemas.current);
  // Columns the reference profile left out (ID-like, or excluded when profiling) are not
  // compared, and the report says why rather than "not in the reference data".
  const leftOut = (reference.profile?.excluded_columns ?? []).filter(
    (e) =>
      !options.excludeColumns.includes(e.name) && schemas.current.some((c) => c.name === e.name),
  );
  const skip = new Set([
    ...options.excludeColumns,
    ...modelColumns(options),
    ...leftOut.map((e) => e.name),
  ]);
  const [referenceKept, currentKept] = [schemas.reference, schemas.current].map((schema) =>
    schema.filter((c) => !skip.has(c.name)),
  );
  const features = withUserErrors(() =>
    pairColumns(referenceKept, currentKept, driftOptions(options).columns),
  ).pairs.map(([r]) => referenceKept[r].name);

  // The parts that need only rows first: a worker may still be sorting the current columns.
  // A profile has no rows: model quality is then measured on the current side only, anomalies
  // (which need reference rows) are left out, and histograms come from the profile's counts.
  const samples = {
    reference: reference.sample ?? emptyTable(reference.schema),
    current: currentSample,
  };
  const quality = conceptQuality(schemas, samples, options);
  const compared = new Set(features);
  const currentColumns = samples.current.columns.filter((c) => compared.has(c.name));
  const anomalies = reference.profile
    ? undefined
    : analyzeAnomalies(samples.reference, samples.current, features, {
        contamination: options.contamination,
      });
  const histograms = reference.profile
    ? profileHistograms(reference.profile, currentColumns)
    : columnHistograms(samples.reference.columns, currentColumns);

  const currentSummary = await current.summary;
  const stats = computeDrift(
    withoutColumns(reference.summary, skip),
    withoutColumns(currentSummary, skip),
    driftOptions(options),
  );
  if (
    stats.columns.some((c, i) => c.name !== features[i]) ||
    stats.columns.length !== features.length
  )
    throw new Error('the compared columns differ from those the samples were analysed for');
  stats.skipped_columns.push(
    ...leftOut.map((e) => ({
      name: e.name,
      reason: `left out of the reference profile: ${e.reason}`,
    })),
  );
  const report: DriftReport = { ...stats, dataset: options.dataset };
  warnOneSidedColumns(report, log);
  if (quality) {
    report.concept_drift = {
      ...quality,
      prediction_drift: predictionDrift(
        reference.summary,
        currentSummary,
        quality.prediction_column,
        options,
      ),
    };
  }
  if (anomalies) report.anomalies = anomalies;
  return { report, histograms };
}
