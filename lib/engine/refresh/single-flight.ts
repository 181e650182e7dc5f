/**
 * Concurrent calls with the same key share one run of `task`; the next call after it settles
 * starts a new run. The task always runs to completion, whoever still waits for it.
 */
export function createSingleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();

  return function run(key: string, task: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key);
    if (running) return running;
    const started = task().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
