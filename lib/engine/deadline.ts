/**
 * The engine's time limits (a Redis command's, a caller's wait, a call to Django), counted so that
 * an answer that arrived in time is never given up on because this process was busy. After the
 * event loop was held up (a burst of requests, a garbage collection, a core shared with a build),
 * Node runs the timers that expired meanwhile before it reads its sockets: a plain `setTimeout`
 * would refuse a Redis reply or Django's rotation that is already there, waiting to be read. These
 * fire from `setImmediate`, after that read, so whatever had arrived settles first.
 */

/**
 * Calls `fire` once `ms` have passed and the answers received by then are read; returns a cancel.
 * `keepsProcessAlive: false` is `unref()`: a pending deadline alone keeps no process running.
 */
export function afterDeadline(
  ms: number,
  fire: () => void,
  { keepsProcessAlive = true } = {},
): () => void {
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(fire);
    if (!keepsProcessAlive) immediate.unref();
  }, ms);
  if (!keepsProcessAlive) timer.unref();
  return () => {
    clearTimeout(timer);
    clearImmediate(immediate);
  };
}

/** The promise's value, or `fallback` once `ms` have passed (an answer received by then wins). */
export async function settleWithin<T, F>(
  promise: Promise<T>,
  ms: number,
  fallback: F,
): Promise<T | F> {
  let giveUp!: (fallback: F) => void;
  const deadline = new Promise<F>((resolve) => (giveUp = resolve));
  const stop = afterDeadline(ms, () => giveUp(fallback));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    stop();
  }
}

/**
 * `AbortSignal.timeout(ms)`, except that an answer received before the deadline is read first, and
 * `stop()`, to call once the answer is read: until its deadline, a signal holds what `fetch`
 * attached to it (about 1 kB per request), so a plain timeout signal keeps every call of the last
 * `ms` in memory.
 */
export function deadlineSignal(ms: number): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const stop = afterDeadline(
    ms,
    () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")),
    { keepsProcessAlive: false },
  );
  return { signal: controller.signal, stop };
}
