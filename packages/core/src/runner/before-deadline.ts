/**
 * Races `work` against an absolute deadline (epoch ms, plus `graceMs`): for work whose own
 * requests cannot be given a timeout (a library's HTTP client), or to be sure no call outlives
 * the action's deadline. The work itself is not cancelled; the run wrapper makes sure a request
 * still pending cannot keep the step alive once the action has finished.
 */
export function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number | undefined,
  expired: () => Error,
  graceMs = 0,
): Promise<T> {
  if (deadline === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(expired()), Math.max(0, deadline - Date.now()) + graceMs);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
