import { describe, expect, it } from "vitest";
import { advanceChain, locateToken } from "./chain-position";
import { MAX_ROTATED_KEPT, type ChainState } from "./chain-records";
import { pairFor } from "./coordinator-test-kit";

/** Generation `n` is the head; `rotated` lists generations n-1 … rotated at the given times. */
function chainWith(head: number, rotated: Array<[generation: number, rotatedAt: number]>) {
  return {
    head: { generation: head, pair: pairFor(`R${head}`, 0), key: `k${head}`, rotatedAt: 0 },
    rotated: rotated.map(([generation, rotatedAt]) => ({
      generation,
      key: `k${generation}`,
      rotatedAt,
    })),
  } satisfies ChainState;
}

describe("locateToken", () => {
  const chain = chainWith(5, [[4, 100]]);

  it("asks Django for the head, an unknown chain, or a token it cannot place", () => {
    expect(locateToken(chain, ["k5"], 5)).toEqual({ kind: "unrotated" });
    expect(locateToken(undefined, ["k0"], 0)).toEqual({ kind: "unrotated" });
    // Generation 4 under a key the chain does not know: the record is behind, Django decides.
    expect(locateToken(chain, ["elsewhere"], 4)).toEqual({ kind: "unrotated" });
  });

  it("places a kept token with its rotation time, an older one by its generation", () => {
    expect(locateToken(chain, ["k4"], 4)).toMatchObject({
      kind: "rotated",
      rotatedAt: 100,
      hops: 0,
    });
    expect(locateToken(chain, ["k1"], 1)).toMatchObject({
      kind: "rotated",
      rotatedAt: undefined,
      hops: 3,
    });
    expect(locateToken(chain, ["k3"], 3)).toMatchObject({ kind: "rotated", hops: 1 });
  });
});

describe("advanceChain", () => {
  it("keeps the direct predecessor always, older ones only inside the window", () => {
    const before = chainWith(5, [
      [4, 900],
      [3, 500],
      [2, 100],
    ]);
    const after = advanceChain(
      before,
      { key: "k5", generation: 5, rotatedAt: 1_000 },
      pairFor("R6", 1_000),
      500,
      "k6",
    );
    expect(after.head).toMatchObject({ generation: 6, key: "k6", rotatedAt: 1_000 });
    // Generation 3 was rotated exactly at the window's edge: outside.
    expect(after.rotated.map(({ generation }) => generation)).toEqual([5, 4]);
  });

  it("never keeps a generation at or after the one rotated (a record that went back)", () => {
    const stale = chainWith(7, [[6, 900]]);
    const after = advanceChain(
      stale,
      { key: "k5", generation: 5, rotatedAt: 1_000 },
      pairFor("R6", 1_000),
      0,
      "k6",
    );
    expect(after.rotated.map(({ generation }) => generation)).toEqual([5]);
  });

  it("keeps at most MAX_ROTATED_KEPT, newest first", () => {
    const many = chainWith(
      40,
      Array.from({ length: 30 }, (_, i) => [39 - i, 1_000 - i] as [number, number]),
    );
    const after = advanceChain(
      many,
      { key: "k40", generation: 40, rotatedAt: 2_000 },
      pairFor("R41", 2_000),
      0,
      "k41",
    );
    expect(after.rotated).toHaveLength(MAX_ROTATED_KEPT);
    expect(after.rotated[0]?.generation).toBe(40);
    expect(after.rotated.at(-1)?.generation).toBe(40 - MAX_ROTATED_KEPT + 1);
  });
});
