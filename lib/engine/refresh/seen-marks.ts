import type { ChainRecords } from "./chain-records";
import type { RefreshRequest } from "./coordinator-types";

/** Generations this process already marked; forgotten wholesale past this (a mark is idempotent). */
const MEMO_LIMIT = 10_000;

type Deps = {
  records: ChainRecords;
  now: () => number;
  warn: (message: string, error?: unknown) => void;
};

/**
 * Which generation of a chain demonstrably reached the browser. Marked once per generation and
 * process (a memo, then one store read and at most one write), so proxied requests stay cheap.
 */
export function createSeenMarks({ records, now, warn }: Deps) {
  const marked = new Set<string>();

  async function mark({ chainId, generation = 0, pair }: RefreshRequest): Promise<void> {
    // Generation 0 has no predecessor whose grace it could end.
    const memoKey = `${chainId}:${generation}`;
    if (generation === 0 || marked.has(memoKey)) return;
    if (marked.size >= MEMO_LIMIT) marked.clear();
    marked.add(memoKey);
    try {
      const seen = await records.getSeen(chainId);
      if ((seen?.generation ?? -1) >= generation) return;
      await records.setSeen(chainId, { generation }, pair.refreshExpires - now());
    } catch (error) {
      marked.delete(memoKey); // Try again on the next use.
      warn("could not mark a session's tokens as used", error);
    }
  }

  /** The chain's generation `generation` (or a later one) was used by the browser. */
  const hasReached = async (chainId: string, generation: number) =>
    ((await records.getSeen(chainId))?.generation ?? -1) >= generation;

  return { mark, hasReached };
}
