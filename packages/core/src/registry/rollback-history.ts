import type { HistoryRecord } from './registry-records.js';

/**
 * What a rollback without `to-version` goes back to (DESIGN.md "Registry layout", history
 * semantics). The history of an environment is replayed as a stack of distinct versions,
 * the live one on top:
 * - deploy / promote to X: X moves to the top (an earlier place of X is dropped, so a version
 *   deployed twice is one step back, not two);
 * - rollback to X: everything above X goes (the version rolled back from with it); X not on
 *   the stack (a `to-version` from elsewhere) replaces the top;
 * - reconcile (a move that never reached the alias): the stack as it was before that move.
 * A rollback therefore goes one step further back each time and never returns to a version
 * it left, unless that version is deployed again.
 */
export function rollbackStack(history: readonly HistoryRecord[]): string[] {
  let stack: string[] = [];
  let beforeLast: string[] = [];
  for (const record of history) {
    const before = stack;
    const to = record.to;
    if (record.operation === 'reconcile') {
      stack = raise(beforeLast, to);
    } else if (record.operation === 'rollback' && to !== null) {
      const at = stack.lastIndexOf(to);
      stack = at >= 0 ? stack.slice(0, at + 1) : [...stack.slice(0, -1), to];
    } else {
      stack = raise(stack, to);
    }
    beforeLast = before;
  }
  return stack;
}

/** `version` on top of `stack`, once. */
function raise(stack: readonly string[], version: string | null): string[] {
  if (version === null) return [...stack];
  return [...stack.filter((v) => v !== version), version];
}

/**
 * The version to roll back to from `current`: the one under it on the replayed stack.
 * Undefined when the history leaves nothing earlier. A history that does not end on
 * `current` (an alias older than its history) falls back to the alias's `previous`.
 */
export function rollbackVersion(
  history: readonly HistoryRecord[],
  current: { version: string; previous: string | null },
): string | undefined {
  const stack = rollbackStack(history);
  if (stack.at(-1) !== current.version) return current.previous ?? undefined;
  return stack.at(-2);
}
