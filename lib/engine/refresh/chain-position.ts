import type { TokenPair } from "@/lib/engine/session/session-data";
import { MAX_ROTATED_KEPT, type ChainState } from "./chain-records";

export type ChainHead = ChainState["head"];

export type ChainPosition =
  /** The token is the chain's newest, or unknown to it: Django decides. */
  | { kind: "unrotated" }
  /**
   * Rotated: `hops` counts the rotations after its own; `rotatedAt` is absent for a token older
   * than every one kept, which was rotated before the reuse window.
   */
  | { kind: "rotated"; head: ChainHead; rotatedAt: number | undefined; hops: number };

/**
 * Where a presented refresh token stands in its chain. Its generation comes from the cookie; a
 * generation the chain has not reached means the chain's record is behind (a lost write).
 */
export function locateToken(
  chain: ChainState | undefined,
  tokenKeys: string[],
  generation: number,
): ChainPosition {
  if (!chain || tokenKeys.includes(chain.head.key)) return { kind: "unrotated" };
  const { head } = chain;
  const entry = chain.rotated.find((rotated) => tokenKeys.includes(rotated.key));
  if (entry)
    return { kind: "rotated", head, rotatedAt: entry.rotatedAt, hops: hopsTo(head, entry) };
  if (generation < head.generation - 1)
    return { kind: "rotated", head, rotatedAt: undefined, hops: hopsTo(head, { generation }) };
  return { kind: "unrotated" };
}

const hopsTo = (head: ChainHead, token: { generation: number }) =>
  head.generation - 1 - token.generation;

/**
 * The chain after `tokenKey` (generation `generation`) was rotated to `pair`: the direct
 * predecessor always stays, older tokens only while their rotation is inside the window.
 */
export function advanceChain(
  chain: ChainState | undefined,
  rotated: { key: string; generation: number; rotatedAt: number },
  pair: TokenPair,
  keepAfter: number,
  successorKey: string,
): ChainState {
  const kept = (chain?.rotated ?? []).filter(
    (old) => old.rotatedAt > keepAfter && old.generation < rotated.generation,
  );
  return {
    head: {
      generation: rotated.generation + 1,
      pair,
      key: successorKey,
      rotatedAt: rotated.rotatedAt,
    },
    rotated: [rotated, ...kept].slice(0, MAX_ROTATED_KEPT),
  };
}
