import type { ChainRecords } from "./chain-records";
import type { RefreshRequest } from "./coordinator-types";

/** Generations this process marked lately; forgotten wholesale past this (a mark is idempotent). */
const MEMO_LIMIT = 10_000;
/** A generation is marked again after this: a write the store lost (a failover) comes back. */
export const REMARK_AFTER_MS = 5_000;

type Deps = {
  records: ChainRecords;
  now: () => number;
  warn: (message: string, error?: unknown) => void;
};

/**
 * Which generation of a chain demonstrably reached the browser: marked whenever its cookie is
 * presented (refresh and session routes, proxy, server components, actions). One store command
 * (an atomic raise) per generation and process every few seconds, so proxied requests stay cheap.
 */
export function createSeenMarks({ records, now, warn }: Deps) {
  const markedAt = new Map<string, number>();

  /** Marks the presented generation; undefined when there is nothing to write. */
  function mark({ chainId, generation = 0, pair }: RefreshRequest): Promise<void> | undefined {
    // Generation 0 has no predecessor whose grace it could end.
    if (generation === 0) return undefined;
    const memoKey = `${chainId}:${generation}`;
    const last = markedAt.get(memoKey);
    if (last !== undefined && now() - last < REMARK_AFTER_MS) return undefined;
    if (markedAt.size >= MEMO_LIMIT) markedAt.clear();
    markedAt.set(memoKey, now());
    return records
      .raiseSeen(chainId, generation, pair.refreshExpires - now())
      .catch((error: unknown) => {
        markedAt.delete(memoKey); // Try again on the next use.
        warn("could not mark a session's tokens as used", error);
      });
  }

  /** The chain's generation `generation` (or a later one) was used by the browser. */
  const hasReached = async (chainId: string, generation: number) =>
    (await records.getSeen(chainId)) >= generation;

  return { mark, hasReached };
}
