import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/engine/errors";
import { setup } from "./coordinator-test-kit";
import { MemoryRotationStore } from "./memory-rotation-store";

const WINDOW = 30_000;

describe("MemoryRotationStore, bounded in sessions", () => {
  it("counts a chain's records once", async () => {
    const store = new MemoryRotationStore(10, () => 0, WINDOW);
    for (const kind of ["chain", "seen", "ended"]) await store.set(`${kind}:{a}`, "v", 60_000);
    await store.set("chain:{b}", "v", 60_000);
    expect(store.usage).toEqual({ sessions: 2, maxSessions: 10, ratio: 0.2, evictedLive: 0 });
    expect(store.size).toBe(4);
  });

  it("never evicts a session inside its reuse window: a new one's lock is refused", async () => {
    let now = 0;
    const store = new MemoryRotationStore(2, () => now, WINDOW);
    await store.set("chain:{a}", "A", 60_000);
    await store.set("chain:{b}", "B", 60_000);
    await expect(store.tryLock("{c}:token")).rejects.toMatchObject({
      code: "upstream_unavailable",
    });
    expect(await store.get("chain:{a}")).toBe("A");
    await store.tryLock("{a}:token"); // A session already held is always admitted.
    now += WINDOW;
    await store.get("chain:{a}"); // a was used last: b is the one to go.
    await store.tryLock("{c}:token");
    expect(await store.get("chain:{b}")).toBeUndefined();
    expect(await store.get("chain:{a}")).toBe("A");
    // b's records had 30 s to live: what they protected is lost, and counted.
    expect(store.usage.evictedLive).toBe(1);
  });

  it("frees expired sessions before refusing anyone", async () => {
    let now = 0;
    const store = new MemoryRotationStore(1, () => now, WINDOW);
    await store.set("chain:{a}", "A", 1_000);
    now += 1_000;
    await expect(store.tryLock("{b}:token")).resolves.toBeTypeOf("function");
    expect(store.usage.evictedLive).toBe(0); // Expired: nothing lost.
  });
});

describe("a full memory store", () => {
  it("refuses a new session's rotation before Django is called, and keeps the others", async () => {
    const { coordinator, rotate, expired } = setup({ reuseWindowMs: WINDOW, maxSessions: 1 });
    await coordinator.refresh(expired("A0", { chainId: "chain-a-0123456789" }));
    const refused = coordinator.refresh(expired("B0", { chainId: "chain-b-0123456789" }));
    await expect(refused).rejects.toBeInstanceOf(AppError);
    expect(rotate).toHaveBeenCalledOnce();
    expect(
      await coordinator.refresh(expired("A0", { chainId: "chain-a-0123456789" })),
    ).toMatchObject({ status: "reused" });
  });
});
