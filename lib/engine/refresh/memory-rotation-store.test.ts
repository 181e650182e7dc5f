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

describe("MemoryRotationStore.raise", () => {
  it("raises an integer, never lowers it, and takes any other value for none", async () => {
    let now = 0;
    const store = new MemoryRotationStore(10, () => now);
    await store.raise("seen:{a}", 2, 1_000);
    expect(await store.get("seen:{a}")).toBe("2");
    await store.raise("seen:{a}", 1, 60_000);
    await store.raise("seen:{a}", 2, 60_000);
    expect(await store.get("seen:{a}")).toBe("2");
    now = 1_000; // The lower and equal raises did not extend its life either.
    expect(await store.get("seen:{a}")).toBeUndefined();
    await store.set("seen:{b}", "sealed-record", 60_000);
    await store.raise("seen:{b}", 0, 60_000);
    expect(await store.get("seen:{b}")).toBe("0");
  });

  it("counts a chain's records, tagged alike, as one session", async () => {
    const store = new MemoryRotationStore(10, () => 0);
    await store.set("chain:{abc}", "v", 60_000);
    await store.raise("seen:{abc}", 1, 60_000);
    expect(store.usage.sessions).toBe(1);
    await store.set("chain:{abc}", "v", 0); // Dropping one record keeps the session…
    expect(store.usage.sessions).toBe(1);
    await store.set("seen:{abc}", "v", 0); // …dropping the last one ends it.
    expect(store.usage.sessions).toBe(0);
  });
});
