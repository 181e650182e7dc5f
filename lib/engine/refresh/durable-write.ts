const RETRY_DELAYS_MS = [200, 1_000, 5_000];

type Deps = {
  warn: (message: string, error?: unknown) => void;
  keepAlive: (work: Promise<unknown>) => void;
};

/**
 * Never loses a rotation Django made: a store write that fails is retried after the answer is
 * sent (kept alive with `after()` on Vercel), and the caller gets its pair either way. Resolves
 * to whether the first write landed.
 */
export function createDurableWrite({ warn, keepAlive }: Deps) {
  async function retry(write: () => Promise<void>): Promise<void> {
    for (const delay of RETRY_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        await write();
        return;
      } catch (error) {
        warn(`rotation store write retry after ${delay} ms failed`, error);
      }
    }
  }

  return async function persist(write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      warn("rotation store write failed after Django rotated; retrying in the background", error);
      keepAlive(retry(write));
      return false;
    }
  };
}
