import { describe, expect, it, vi } from "vitest";
import { CHAIN, HOUR, hashForStore, pairFor, setup, tokenOf } from "./coordinator-test-kit";
import type { ChainRecords } from "./chain-records";
import { createSeenMarks, REMARK_AFTER_MS } from "./seen-marks";

const WINDOW = 30_000;
const EXPIRED = { ok: false, error: "session_expired" };

/** R0 rotated to R1 (generation 1); R1 is what the browser stored. */
async function rotatedOnce() {
  const kit = setup({ reuseWindowMs: WINDOW });
  const first = await kit.coordinator.refresh(kit.expired("R0"));
  if (!first.ok) throw new Error("not rotated");
  const successor = { ...kit.expired("R1"), pair: first.pair, generation: first.generation };
  return { ...kit, successor };
}

describe("an old token cannot outlive its used successor (docs/design.md, the seen mark)", () => {
  it("once the successor was used, its predecessor after the window is reuse", async () => {
    const { coordinator, successor, expired, advance, securityEvents, revoked } =
      await rotatedOnce();
    await coordinator.markSeen(successor);
    advance(WINDOW + 1);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(securityEvents).toHaveLength(1);
    expect([...revoked]).toEqual(["R1"]);
    // The chain ended: the user's own cookie is done too, and nothing heals the copy.
    expect(await coordinator.refresh({ ...successor, accessRejected: true })).toEqual(EXPIRED);
    expect(await coordinator.findSuccessor(expired("R0"))).toBeNull();
  });

  it("inside the window the predecessor still gets the successor", async () => {
    const { coordinator, successor, expired, advance } = await rotatedOnce();
    await coordinator.markSeen(successor);
    advance(WINDOW);
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({ status: "reused" });
  });

  it("a successor never seen keeps the rule of the answer that never arrived", async () => {
    const { coordinator, expired, advance, securityEvents } = await rotatedOnce();
    advance(WINDOW * 5); // R1's access token is still good: nothing rotates it.
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(await coordinator.findSuccessor(expired("R0"))).toMatchObject({ refreshToken: "R1" });
    expect(securityEvents).toHaveLength(0);
  });

  it("marks once per generation and process for a few seconds: one store command, no read", async () => {
    const { coordinator, successor, store, reads, advance } = await rotatedOnce();
    const raise = vi.spyOn(store, "raise");
    reads.mockClear();
    for (let i = 0; i < 50; i++) await coordinator.markSeen(successor);
    expect(raise).toHaveBeenCalledOnce();
    expect(reads).not.toHaveBeenCalled();
    advance(REMARK_AFTER_MS);
    await coordinator.markSeen(successor);
    expect(raise).toHaveBeenCalledTimes(2);
  });

  it("a mark of an older generation never lowers a newer one", async () => {
    const { coordinator, successor, expired, advance } = await rotatedOnce();
    await coordinator.markSeen({ ...successor, generation: 5 });
    await coordinator.markSeen(successor);
    advance(WINDOW + 1);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
  });
});

describe("a successor presented anywhere is seen (issue 23, item 1)", () => {
  it("back at the refresh route with a good access token: its predecessor's grace ends with the window", async () => {
    const { coordinator, successor, expired, advance, securityEvents } = await rotatedOnce();
    const fresh = { ...successor, pair: { ...successor.pair } };
    expect(await coordinator.refresh(fresh)).toMatchObject({ status: "fresh" });
    advance(WINDOW + 1);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(securityEvents).toHaveLength(1);
  });

  it("read by the session route (a stale-cookie check): the same", async () => {
    const { coordinator, successor, expired, advance } = await rotatedOnce();
    expect(await coordinator.findSuccessor(successor)).toBeNull(); // It is the newest.
    advance(WINDOW + 1);
    expect(await coordinator.findSuccessor(expired("R0"))).toBeNull();
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
  });

  it("a copy one rotation behind gets no pair from the session route past its own expiry or a session limit", async () => {
    const limits = { maxAgeMs: 10 * 60_000, idleTimeoutMs: 0 };
    const kit = setup({ reuseWindowMs: WINDOW, limits });
    const first = await kit.coordinator.refresh(kit.expired("R0"));
    expect(first).toMatchObject({ status: "refreshed" });
    // Inside the window, before any limit: the copy is healed.
    expect(await kit.coordinator.findSuccessor(kit.expired("R0"))).toMatchObject({
      refreshToken: "R1",
    });
    const pastLimit = kit.expired("R0", { signedInAt: kit.now() - 11 * 60_000 });
    expect(await kit.coordinator.findSuccessor(pastLimit)).toBeNull();
    const deadCopy = kit.expired("R0");
    deadCopy.pair = { ...deadCopy.pair, refreshExpires: kit.now() - 1 };
    expect(await kit.coordinator.findSuccessor(deadCopy)).toBeNull();
  });

  it("two marks at once, of two generations, leave the newer one", async () => {
    const { coordinator, successor, expired, advance } = await rotatedOnce();
    advance(10 * 60_000);
    const second = await coordinator.refresh(successor); // R1 → R2, generation 2.
    if (!second.ok) throw new Error("not rotated");
    const newest = { ...successor, pair: second.pair, generation: second.generation };
    await Promise.all([coordinator.markSeen(newest), coordinator.markSeen(successor)]);
    advance(WINDOW + 1);
    expect(await coordinator.refresh(expired("R1"))).toEqual(EXPIRED);
  });

  it("a mark the store lost is written again on a later use", async () => {
    const { coordinator, successor, expired, advance, store } = await rotatedOnce();
    await coordinator.markSeen(successor);
    // The store forgets the mark (a failover that lost an acknowledged write).
    await store.set(`seen:{${hashForStore(`chain:${CHAIN}`)}}`, "", 0);
    advance(10_000);
    await coordinator.markSeen(successor);
    advance(WINDOW);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
  });
});

describe("an old token of any age", () => {
  it("is reuse after many rotations, long after the chain forgot its key", async () => {
    const { coordinator, expired, advance, securityEvents, revoked, store } = setup();
    let cookie = expired("R0");
    for (let i = 0; i < 40; i++) {
      advance(10 * 60_000); // Each access token is spent: every refresh rotates.
      const outcome = await coordinator.refresh(cookie);
      if (!outcome.ok) throw new Error(`rotation ${i} failed`);
      cookie = { ...cookie, pair: outcome.pair, generation: outcome.generation };
    }
    expect(store.size).toBe(2); // The chain's record and its seen mark, whatever its length.
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(securityEvents).toHaveLength(1);
    expect([...revoked]).toEqual(["R40"]);
  });
});

describe("the seen mark's own life", () => {
  it("lives as long as the refresh token whose cookie marked it", async () => {
    const { coordinator, successor, store, advance } = await rotatedOnce();
    await coordinator.markSeen(successor);
    const key = `seen:{${hashForStore(`chain:${CHAIN}`)}}`;
    expect(await store.get(key)).toBe("1");
    advance(2 * HOUR);
    expect(await store.get(key)).toBeUndefined();
  });

  it("is tried again on the next use when the store failed, with a warning", async () => {
    const { coordinator, successor, store, warnings } = await rotatedOnce();
    const raise = vi.spyOn(store, "raise").mockRejectedValueOnce(new Error("Redis down"));
    await coordinator.markSeen(successor);
    expect(warnings).toContain("could not mark a session's tokens as used");
    await coordinator.markSeen(successor);
    expect(raise).toHaveBeenCalledTimes(2);
  });

  it("is written for what is left of the refresh token's life, and remembered per chain", async () => {
    const raiseSeen = vi.fn(async () => undefined);
    const records = { raiseSeen } as unknown as ChainRecords;
    const issuedAt = 1_800_000_000_000;
    const now = () => issuedAt + 60_000;
    const seen = createSeenMarks({ records, now, warn: () => undefined });
    const request = { chainId: "c", generation: 1, pair: pairFor("R1", issuedAt) };
    await seen.mark(request);
    expect(raiseSeen).toHaveBeenCalledWith("c", 1, HOUR - 60_000);
    // Another chain's mark in between does not make this one's be written again.
    await seen.mark({ ...request, chainId: "d" });
    await seen.mark(request);
    expect(raiseSeen).toHaveBeenCalledTimes(2);
  });

  it("forgets its memo wholesale past 10,000 generations, and marks again", async () => {
    const raiseSeen = vi.fn(async () => undefined);
    const records = { raiseSeen } as unknown as ChainRecords;
    const seen = createSeenMarks({ records, now: () => 0, warn: () => undefined });
    const request = { chainId: "c", generation: 1, pair: pairFor("R1", 0) };
    await seen.mark(request);
    for (let i = 0; i < 10_000; i++) await seen.mark({ ...request, chainId: `c${i}` });
    raiseSeen.mockClear();
    await seen.mark(request);
    expect(raiseSeen).toHaveBeenCalledOnce();
  });
});
