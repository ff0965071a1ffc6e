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

/** Parses an alias file; a damaged one is a loud error, never silently replaced. */
export function parseAlias(text: string, where: string): AliasRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(value) || typeof value.version !== 'string' || typeof value.digest !== 'string') {
    throw new Error(`${where} is not an alias file (needs "version" and "digest").`);
  }
  return {
    version: value.version,
    digest: value.digest,
    previous: typeof value.previous === 'string' ? value.previous : null,
    updated_at: String(value.updated_at ?? ''),
    deployment_id: (value.deployment_id as number | string | null) ?? null,
  };
}

export function parseHistory(text: string, where: string): HistoryRecord {
  const value = JSON.parse(text) as unknown;
  if (!isObject(value) || typeof value.seq !== 'number') {
    throw new Error(`${where} is not a history record.`);
  }
  return value as unknown as HistoryRecord;
}

export const toJsonBuffer = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
