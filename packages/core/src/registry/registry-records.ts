import { ServiceError } from '../inputs/user-error.js';

/** The alias file (`aliases/<environment>.json`), exactly as DESIGN.md specifies. */
export interface AliasRecord {
  version: string;
  digest: string;
  previous: string | null;
  updated_at: string;
  deployment_id: number | string | null;
}

export type HistoryOperation = 'deploy' | 'promote' | 'rollback' | 'reconcile';

/** One alias change (`history/<environment>/<seq>.json`): who, when, from which version to which, why. */
export interface HistoryRecord {
  seq: number;
  model: string;
  environment: string;
  operation: HistoryOperation;
  from: string | null;
  to: string | null;
  digest: string | null;
  at: string;
  actor: string | null;
  reason: string;
  run_url: string | null;
  deployment_id: number | string | null;
  /** The process that wrote the record, so a dead writer on the same host is recognised at once. */
  writer?: { host: string; pid: number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Parses JSON, or says in one line that the file is damaged and what to do about it. */
function parseJson(text: string, where: string, what: string, fix: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError(
      `${what} ${where} is damaged: not valid JSON (${oneLine((error as Error).message).slice(0, 200)}). ${fix}`,
      { cause: error },
    );
  }
}

const ALIAS_FIX =
  'Check who edited it, then restore it: the newest record of the environment\'s history names the version ("to") and "digest" it should hold. ml-actions never overwrites a damaged alias.';
const HISTORY_FIX =
  'Check who edited it, then restore it from a backup or rewrite it as {"seq", "operation", "from", "to", "digest", "at", ...} (seq = its file name); ml-actions never overwrites a history record.';

/** Parses an alias file; a damaged one is a loud error, never silently replaced. */
export function parseAlias(text: string, where: string): AliasRecord {
  const value = parseJson(text, where, 'The alias file', ALIAS_FIX);
  if (!isObject(value) || typeof value.version !== 'string' || typeof value.digest !== 'string') {
    throw new ServiceError(
      `The alias file ${where} is damaged: it is not an alias (needs "version" and "digest" strings). ${ALIAS_FIX}`,
    );
  }
  return {
    version: value.version,
    digest: value.digest,
    previous: typeof value.previous === 'string' ? value.previous : null,
    updated_at: String(value.updated_at ?? ''),
    deployment_id: (value.deployment_id as number | string | null) ?? null,
  };
}

const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** What is wrong with the shape of a history record, or undefined when it is fine. */
function historyShapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (typeof value.seq !== 'number' || !Number.isInteger(value.seq) || value.seq < 1) {
    return '"seq" is not a positive integer';
  }
  if (typeof value.operation !== 'string') return '"operation" is not a string';
  if (!isStringOrNull(value.from)) return '"from" is neither a version nor null';
  if (!isStringOrNull(value.to)) return '"to" is neither a version nor null';
  if (value.digest !== undefined && !isStringOrNull(value.digest)) {
    return '"digest" is neither a digest nor null';
  }
  if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) {
    return '"at" is not a date';
  }
  return undefined;
}

/** Parses a history record; a damaged one is a loud one-line error naming the file. */
export function parseHistory(text: string, where: string): HistoryRecord {
  const value = parseJson(text, where, 'The history record', HISTORY_FIX);
  const problem = historyShapeProblem(value);
  if (problem) {
    throw new ServiceError(`The history record ${where} is damaged: ${problem}. ${HISTORY_FIX}`);
  }
  return value as unknown as HistoryRecord;
}

export const toJsonBuffer = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
