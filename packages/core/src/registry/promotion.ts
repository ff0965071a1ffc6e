import * as os from 'node:os';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { processAlive } from './file-lock.js';
import { crashPoint } from './fault-injection.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import { aliasKey, historyKey, historyPrefix, parseHistoryName } from './registry-layout.js';
import {
  parseAlias,
  parseHistory,
  toJsonBuffer,
  type AliasRecord,
  type HistoryOperation,
  type HistoryRecord,
} from './registry-records.js';
import { joinKey, type RegistryStore } from './registry-store.js';
import { verifyStoredVersion } from './verify-version.js';

/**
 * Moving an alias: claim the next history slot (create-if-absent), then compare-and-swap
 * the alias file on the etag read at the start. Whoever loses either step re-reads and
 * tries again, so no update is lost and the history stays one consistent sequence
 * (each record starts where the previous one ended).
 *
 * A claim whose alias write never happened (the process died in between) is reconciled
 * by the next writer: it appends a record from the claimed version back to what the
 * alias really names. Under the file store's lock that happens at once; on S3 once the
 * claim is older than `staleMs` (its writer may just be slow) or its writer, on this host,
 * is gone.
 */
export interface PromotionRequest {
  model: string;
  environment: string;
  version: string;
  digest: string;
  operation: Exclude<HistoryOperation, 'reconcile'>;
  reason: string;
  actor?: string | null;
  runUrl?: string | null;
  deploymentId?: number | string | null;
  /** Move only if the alias names this version now (null: only if the alias does not exist). */
  expectCurrent?: string | null;
}

export interface PromotionResult {
  changed: boolean;
  alias: AliasRecord;
  previous: AliasRecord | undefined;
  seq: number | undefined;
}

export interface PromotionOptions {
  /** How long to keep retrying conflicts before failing. */
  waitMs?: number;
  /** Age after which an unfinished claim is reconciled on stores without locks. */
  staleMs?: number;
  /** Where the registry's lines go (verification, damaged-history warnings); silent by default. */
  logger?: Logger;
}

export class AliasMovedError extends UserError {
  constructor(environment: string, expected: string | null, actual: string | null) {
    super(
      `The '${environment}' alias names ${actual ?? 'nothing'} now, not ${expected ?? 'nothing'}: someone else changed it meanwhile, so it was left alone.`,
    );
    this.name = 'AliasMovedError';
  }
}

interface CurrentAlias {
  alias: AliasRecord;
  etag: string;
}

export async function readAlias(
  store: RegistryStore,
  model: string,
  environment: string,
): Promise<CurrentAlias | undefined> {
  const key = aliasKey(model, environment);
  const object = await store.get(key);
  if (!object) return undefined;
  return {
    alias: parseAlias(object.body.toString('utf8'), `${store.uri}/${key}`),
    etag: object.etag,
  };
}

interface HistoryEntry {
  /** The sequence number the file name gives: the one that counts. */
  seq: number;
  key: string;
}

/** The history records of one alias as listed (by file name), oldest first. */
async function listHistory(
  store: RegistryStore,
  model: string,
  environment: string,
): Promise<HistoryEntry[]> {
  const prefix = historyPrefix(model, environment);
  return (await store.listNames(prefix))
    .map((name) => ({ seq: parseHistoryName(name), key: joinKey(prefix, name) }))
    .filter((e): e is HistoryEntry => e.seq !== undefined)
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Reads one history record. Its place in the sequence is its file name (which the claim's
 * create-if-absent write guarded), not the `seq` written inside it: a record whose `seq`
 * says otherwise (edited or copied by hand) is read with the file name's number, and a
 * warning says so. `warned` keeps the warning to once per file.
 */
async function readEntry(
  store: RegistryStore,
  entry: HistoryEntry,
  logger: Logger,
  warned?: Set<string>,
): Promise<HistoryRecord | undefined> {
  const object = await store.get(entry.key);
  if (!object) return undefined;
  const where = `${store.uri}/${entry.key}`;
  const record = parseHistory(object.body.toString('utf8'), where);
  if (record.seq !== entry.seq) {
    if (!warned?.has(entry.key)) {
      warned?.add(entry.key);
      logger.warning(
        `History record ${where} says seq ${record.seq} but its file name says ${entry.seq}; using ${entry.seq} (the file name). Check who edited it.`,
      );
    }
    return { ...record, seq: entry.seq };
  }
  return record;
}

/** The history of one alias, oldest first. */
export async function readHistory(
  store: RegistryStore,
  model: string,
  environment: string,
  logger: Logger = silentLogger,
): Promise<HistoryRecord[]> {
  const records: HistoryRecord[] = [];
  const warned = new Set<string>();
  for (const entry of await listHistory(store, model, environment)) {
    const record = await readEntry(store, entry, logger, warned);
    if (record) records.push(record);
  }
  return records;
}

async function lastHistory(
  store: RegistryStore,
  model: string,
  environment: string,
  logger: Logger,
  warned: Set<string>,
): Promise<HistoryRecord | undefined> {
  const last = (await listHistory(store, model, environment)).at(-1);
  return last ? readEntry(store, last, logger, warned) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const thisWriter = () => ({ host: os.hostname(), pid: process.pid });

/** An unfinished claim is abandoned when it is old, or when its writer on this host has died. */
function claimAbandoned(record: HistoryRecord, now: Date, staleMs: number): boolean {
  // Far in the future is no fresher than far in the past: a forged or skewed time must not
  // hold the alias for ever.
  if (Math.abs(now.getTime() - Date.parse(record.at)) > staleMs) return true;
  const writer = record.writer;
  return writer !== undefined && writer.host === os.hostname() && !processAlive(writer.pid);
}

type Attempt = { done: PromotionResult } | { retry: true };

async function attempt(
  store: RegistryStore,
  request: PromotionRequest,
  staleMs: number,
  logger: Logger,
  warned: Set<string>,
): Promise<Attempt> {
  const { model, environment } = request;
  const current = await readAlias(store, model, environment);
  const last = await lastHistory(store, model, environment, logger, warned);
  const currentVersion = current?.alias.version ?? null;
  const nextSeq = (last?.seq ?? 0) + 1;
  const now = new Date();

  if (last !== undefined && last.to !== currentVersion) {
    if (!store.exclusiveWriters) {
      if (!claimAbandoned(last, now, staleMs)) return { retry: true };
      // The alias and the history were read one after the other: a writer may have claimed
      // and moved the alias in between (and exited). Only a claim whose writer is gone and
      // that still left the alias as it was is abandoned.
      const again = await readAlias(store, model, environment);
      if ((again?.etag ?? null) !== (current?.etag ?? null)) return { retry: true };
    }
    const reconcile: HistoryRecord = {
      seq: nextSeq,
      model,
      environment,
      operation: 'reconcile',
      from: last.to,
      to: currentVersion,
      digest: current?.alias.digest ?? null,
      at: now.toISOString(),
      actor: request.actor ?? null,
      reason: `record ${last.seq} (${last.operation} to ${last.to}) did not finish moving the alias, which names ${currentVersion ?? 'nothing'}`,
      run_url: request.runUrl ?? null,
      deployment_id: current?.alias.deployment_id ?? null,
      writer: thisWriter(),
    };
    await store.putIfMatch(historyKey(model, environment, nextSeq), toJsonBuffer(reconcile), null);
    return { retry: true };
  }

  if (request.expectCurrent !== undefined && request.expectCurrent !== currentVersion) {
    throw new AliasMovedError(environment, request.expectCurrent, currentVersion);
  }
  if (
    current &&
    current.alias.version === request.version &&
    current.alias.digest === request.digest
  ) {
    return {
      done: { changed: false, alias: current.alias, previous: current.alias, seq: undefined },
    };
  }

  const alias: AliasRecord = {
    version: request.version,
    digest: request.digest,
    previous: currentVersion,
    updated_at: now.toISOString(),
    deployment_id: request.deploymentId ?? null,
  };
  const record: HistoryRecord = {
    seq: nextSeq,
    model,
    environment,
    operation: request.operation,
    from: currentVersion,
    to: request.version,
    digest: request.digest,
    at: now.toISOString(),
    actor: request.actor ?? null,
    reason: request.reason,
    run_url: request.runUrl ?? null,
    deployment_id: request.deploymentId ?? null,
    writer: thisWriter(),
  };
  if (
    !(await store.putIfMatch(historyKey(model, environment, nextSeq), toJsonBuffer(record), null))
  ) {
    return { retry: true };
  }
  crashPoint('history claimed');
  const swapped = await store.putIfMatch(
    aliasKey(model, environment),
    toJsonBuffer(alias),
    current?.etag ?? null,
  );
  if (!swapped) {
    // Only possible on a store without locks when a stale claim was reconciled under us.
    throw new ServiceError(
      `The '${environment}' alias changed while history record ${nextSeq} was being written; the next deploy reconciles it. Re-run this deploy.`,
    );
  }
  return { done: { changed: true, alias, previous: current?.alias, seq: nextSeq } };
}

/**
 * Moves `environment` of `model` to a version that is already complete in the registry.
 * Every alias move (deploy, promote, rollback, an unchanged re-deploy, an automatic
 * rollback) comes here, and nothing moves before the stored version is verified against
 * its manifest and `request.digest`.
 */
export async function moveAlias(
  store: RegistryStore,
  request: PromotionRequest,
  options: PromotionOptions = {},
): Promise<PromotionResult> {
  const waitMs = options.waitMs ?? 120_000;
  const staleMs = options.staleMs ?? 60_000;
  const logger = options.logger ?? silentLogger;
  const warned = new Set<string>();
  await verifyStoredVersion(store, request.model, request.version, {
    expectedDigest: request.digest,
    purpose: `point '${request.environment}' at ${request.model} ${request.version}`,
    logger,
  });
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    const result = await store.serialize(aliasKey(request.model, request.environment), () =>
      attempt(store, request, staleMs, logger, warned),
    );
    if ('done' in result) return result.done;
    if (Date.now() > deadline) {
      throw new UserError(
        `Could not move the '${request.environment}' alias within ${Math.round(waitMs / 1000)} s: other deploys kept changing it. Serialize deploys with a workflow 'concurrency' group and re-run.`,
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 1000);
  }
}
