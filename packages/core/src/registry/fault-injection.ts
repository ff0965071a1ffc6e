/**
 * Crash injection for the registry's crash tests: when ML_ACTIONS_REGISTRY_CRASH_AFTER=N
 * is set, the process kills itself with SIGKILL at the N-th crash point (counted from 1),
 * so tests can stop a deploy before and after every write and check what is left behind.
 * Unset (always, outside tests), it does nothing.
 */
let reached = 0;

export function crashPoint(label: string): void {
  const limit = Number(process.env.ML_ACTIONS_REGISTRY_CRASH_AFTER);
  if (!Number.isInteger(limit) || limit <= 0) return;
  reached += 1;
  if (reached === limit) {
    if (process.env.ML_ACTIONS_REGISTRY_CRASH_LOG) {
      process.stderr.write(`crash point ${reached}: ${label}\n`);
    }
    process.kill(process.pid, 'SIGKILL');
  }
}
