import { describe, expect, it } from "vitest";
import { createChainRecords } from "./chain-records";
import { MAX_CHAIN_STEPS, walkChain } from "./chain-walk";
import { pairFor } from "./coordinator-test-kit";
import { MemoryRotationStore } from "./memory-rotation-store";
import { hashForStore, openRecord, sealRecord } from "./refresh-crypto";

const records = () =>
  createChainRecords({
    store: new MemoryRotationStore(),
    hash: hashForStore,
    seal: sealRecord,
    open: openRecord,
  });

describe("walkChain", () => {
  it("stops after MAX_CHAIN_STEPS hops on a chain longer than that", async () => {
    const chain = records();
    for (let i = 0; i < MAX_CHAIN_STEPS + 4; i++) {
      const successor = pairFor(`R${i + 1}`, 0);
      await chain.setRotation(
        chain.tokenKey(`R${i}`),
        { successorKey: chain.tokenKey(`R${i + 1}`), successor, rotatedAt: i, chainId: "c" },
        60_000,
      );
    }
    const position = await walkChain(chain, chain.tokenKey("R0"));
    expect(position).toMatchObject({
      kind: "rotated",
      hops: MAX_CHAIN_STEPS,
      newest: { refreshToken: `R${MAX_CHAIN_STEPS + 1}` },
      first: { rotatedAt: 0 },
    });
  });
});

describe("chain records", () => {
  it("keep each chain's records apart", async () => {
    const chain = records();
    await chain.setNewest("chain-a", { newest: pairFor("A1", 0), rotatedAt: 1 }, 60_000);
    await chain.setEnd("chain-a", { endedAt: 1, reason: "sign_out" }, 60_000);
    expect(await chain.getNewest("chain-a")).toMatchObject({ newest: { refreshToken: "A1" } });
    expect(await chain.getNewest("chain-b")).toBeUndefined();
    expect(await chain.getEnd("chain-a")).toEqual({ endedAt: 1, reason: "sign_out" });
    expect(await chain.getEnd("chain-b")).toBeUndefined();
  });

  it("treat a record of the wrong shape as absent", async () => {
    const chain = records();
    await chain.setEnd("chain-a", { reason: "sign_out" } as never, 60_000);
    expect(await chain.getEnd("chain-a")).toBeUndefined();
  });
});
