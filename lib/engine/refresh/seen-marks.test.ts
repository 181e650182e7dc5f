import { describe, expect, it, vi } from "vitest";
import { setup, tokenOf } from "./coordinator-test-kit";

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

  it("marks once per generation and process: one store write, then nothing", async () => {
    const { coordinator, successor, store, reads } = await rotatedOnce();
    const set = vi.spyOn(store, "set");
    reads.mockClear();
    for (let i = 0; i < 50; i++) await coordinator.markSeen(successor);
    expect(set).toHaveBeenCalledOnce();
    expect(reads).toHaveBeenCalledOnce();
  });

  it("a mark of an older generation never lowers a newer one", async () => {
    const { coordinator, successor, expired, advance } = await rotatedOnce();
    await coordinator.markSeen({ ...successor, generation: 5 });
    await coordinator.markSeen(successor);
    advance(WINDOW + 1);
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
    expect(store.size).toBe(1); // One record for the chain, whatever its length.
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(securityEvents).toHaveLength(1);
    expect([...revoked]).toEqual(["R40"]);
  });
});
