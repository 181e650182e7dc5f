import type { TokenPair } from "@/lib/engine/session/session-data";
import type { ChainRecords, Rotation } from "./chain-records";

/** Enough for any chain inside a reuse window; also ends a walk that would go round in circles. */
export const MAX_CHAIN_STEPS = 16;

export type ChainPosition =
  /** The token was never rotated here. */
  | { kind: "unrotated" }
  /** Rotated: `newest` is the end of its chain, `hops` the rotations after its own. */
  | { kind: "rotated"; first: Rotation; newest: TokenPair; newestKey: string; hops: number };

/**
 * Follows a token's rotations to the newest pair of its chain. With ROTATE_REFRESH_TOKENS off a
 * successor's key is the token's own key: the walk stops at any key it has seen.
 */
export async function walkChain(records: ChainRecords, tokenKey: string): Promise<ChainPosition> {
  const first = await records.getRotation(tokenKey);
  if (!first) return { kind: "unrotated" };
  const seen = new Set([tokenKey]);
  let newest = first.successor;
  let newestKey = first.successorKey;
  let hops = 0;
  while (hops < MAX_CHAIN_STEPS && !seen.has(newestKey)) {
    seen.add(newestKey);
    const next = await records.getRotation(newestKey);
    if (!next) break;
    newest = next.successor;
    newestKey = next.successorKey;
    hops += 1;
  }
  return { kind: "rotated", first, newest, newestKey, hops };
}
