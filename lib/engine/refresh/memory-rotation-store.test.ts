import { describe, expect, it } from "vitest";
import { MemoryRotationStore } from "./memory-rotation-store";

const rotation = (n: number) => `sealed-${n}`;

describe("MemoryRotationStore", () => {
  it("expires entries", async () => {
    let now = 0;
    const store = new MemoryRotationStore(10, () => now);
    await store.set("a", rotation(1), 1000);
    expect(await store.get("a")).toEqual(rotation(1));
    now = 1000;
    expect(await store.get("a")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("stays bounded, evicting the least recently used", async () => {
    const store = new MemoryRotationStore(3);
    for (const n of [1, 2, 3]) await store.set(`k${n}`, rotation(n), 60_000);
    await store.get("k1");
    await store.set("k4", rotation(4), 60_000);
    expect(store.size).toBe(3);
    expect(await store.get("k2")).toBeUndefined();
    expect(await store.get("k1")).toEqual(rotation(1));
  });
});

describe("MemoryRotationStore.set", () => {
  it("stores nothing for a TTL of zero, and drops the older value", async () => {
    const store = new MemoryRotationStore(10, () => 0);
    await store.set("a", rotation(1), 1000);
    await store.set("a", rotation(2), 0);
    expect(store.size).toBe(0);
    expect(await store.get("a")).toBeUndefined();
  });
});
