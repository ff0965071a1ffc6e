/**
 * The storage a model registry needs, whatever holds it (a directory, an S3 bucket).
 *
 * Keys are `/`-separated paths relative to the registry root (see DESIGN.md for the
 * layout). Everything above this interface (versions, aliases, history, promotion) is
 * written once in registry.ts and promotion.ts, so both stores behave the same.
 */
export interface StoredObject {
  body: Buffer;
  /** An opaque token that changes whenever the object changes; used for compare-and-swap. */
  etag: string;
}

export type VersionWriteResult = 'created' | 'exists';

export interface RegistryStore {
  /** The registry location as the user gave it, without credentials. */
  readonly uri: string;

  get(key: string): Promise<StoredObject | undefined>;

  /**
   * Size and SHA-256 of an object, streamed (model files can be large); undefined when it
   * does not exist. Used to re-verify a stored version before an alias points at it.
   */
  measure(key: string): Promise<{ size: number; sha256: string } | undefined>;

  /**
   * Compare-and-swap: writes `body` only when the object's current etag is `expected`
   * (`null`: only when the object does not exist). Returns false when someone else got
   * there first; the caller re-reads and decides again.
   */
  putIfMatch(key: string, body: Buffer, expected: string | null): Promise<boolean>;

  /** Names of the objects directly under `prefix` (a folder key without a trailing slash). */
  listNames(prefix: string): Promise<string[]>;

  /**
   * Writes a version folder from a local directory (`files`, then `markerFile`) so that it
   * becomes visible only when complete: either all at once (rename) or with `markerFile`
   * written last. Returns
   * `exists` when a complete version is already there (the caller compares digests).
   * `verifyCopy` is called on a local copy when the store has one, before it is published.
   */
  writeVersion(
    prefix: string,
    sourceDir: string,
    files: readonly string[],
    markerFile: string,
    verifyCopy: (dir: string) => Promise<void>,
  ): Promise<VersionWriteResult>;

  /**
   * Runs `fn` as the only writer of `scope` when the store can lock (files); stores that
   * cannot (S3) run it directly and rely on conditional writes. `exclusiveWriters` says which.
   */
  serialize<T>(scope: string, fn: () => Promise<T>): Promise<T>;
  readonly exclusiveWriters: boolean;
}

/** Joins key segments with `/`. */
export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}
