import { describe, expect, it } from "vitest";
import { createChainRecords, type ChainState } from "./chain-records";
import { pairFor } from "./coordinator-test-kit";
import { MemoryRotationStore } from "./memory-rotation-store";
import { createStoreCrypto } from "./refresh-crypto";
import type { RotationStore, Unlock } from "./rotation-store";

const OLD = "old-secret-old-secret-old-secret-0123";
const NEW = "new-secret-new-secret-new-secret-4567";
const CHAIN = "chain-records-0123456789";

/** Records over `store` as an instance on these secrets (the first is the current one). */
function recordsOn(store: RotationStore, secrets: string[]) {
  const crypto = createStoreCrypto(secrets);
  return createChainRecords({
    store,
    hash: crypto.hashForStore,
    previousHashes: crypto.previousHashesForStore,
    seal: crypto.sealRecord,
    open: crypto.openRecord,
  });
}

const chainAt = (generation: number): ChainState => ({
  head: { generation, pair: pairFor(`R${generation}`, 0), key: `k${generation}`, rotatedAt: 0 },
  rotated: [],
});

/** A store that shares locks as Redis does (the memory store admits every lock in one process). */
class LockingStore implements RotationStore {
  readonly locks = new Set<string>();
  readonly #records = new MemoryRotationStore(100, () => 0);

  get = (key: string) => this.#records.get(key);
  set = (key: string, value: string, ttlMs: number) => this.#records.set(key, value, ttlMs);

  async tryLock(key: string): Promise<Unlock | null> {
    if (this.locks.has(key)) return null;
    this.locks.add(key);
    return async () => void this.locks.delete(key);
  }
}

/** A custom store written before `raise` existed. */
const withoutRaise = (store: MemoryRotationStore): RotationStore => ({
  get: (key) => store.get(key),
  set: (key, value, ttlMs) => store.set(key, value, ttlMs),
  tryLock: (key) => store.tryLock(key),
});

describe("chain records across a rolling secret change", () => {
  it("read the newer chain record, whichever secret wrote it", async () => {
    const store = new MemoryRotationStore(100, () => 0);
    const [onOld, onNew] = [recordsOn(store, [OLD]), recordsOn(store, [NEW, OLD])];
    await onOld.setChain(CHAIN, chainAt(1), 60_000);
    await onNew.setChain(CHAIN, chainAt(2), 60_000);
    expect((await onNew.getChain(CHAIN))?.head.generation).toBe(2);
    await onOld.setChain(CHAIN, chainAt(3), 60_000);
    expect((await onNew.getChain(CHAIN))?.head.generation).toBe(3);
  });

  it("read the highest seen mark of either secret", async () => {
    const store = new MemoryRotationStore(100, () => 0);
    const [onOld, onNew] = [recordsOn(store, [OLD]), recordsOn(store, [NEW, OLD])];
    expect(await onNew.getSeen(CHAIN)).toBe(-1);
    await onOld.raiseSeen(CHAIN, 3, 60_000);
    await onNew.raiseSeen(CHAIN, 2, 60_000);
    expect(await onNew.getSeen(CHAIN)).toBe(3);
    await onNew.raiseSeen(CHAIN, 4, 60_000);
    expect(await onNew.getSeen(CHAIN)).toBe(4);
  });

  it("share the old secret's lock: the new instance waits on the key the old one holds", async () => {
    const store = new LockingStore();
    const [onOld, onNew] = [recordsOn(store, [OLD]), recordsOn(store, [NEW, OLD])];
    const held = await onOld.tryLock(CHAIN, "R0", 60_000);
    if (!("unlock" in held)) throw new Error("not locked");
    const [oldKey] = [...store.locks];
    expect(await onNew.tryLock(CHAIN, "R0", 60_000)).toEqual({ busy: oldKey });
    expect([...store.locks]).toEqual([oldKey]); // The new instance let go of what it took.
    await held.unlock();
    const taken = await onNew.tryLock(CHAIN, "R0", 60_000);
    if (!("unlock" in taken)) throw new Error("not locked");
    expect(store.locks.size).toBe(2); // One per secret it knows.
    expect(await onOld.tryLock(CHAIN, "R0", 60_000)).toEqual({ busy: oldKey });
    await taken.unlock();
    expect(store.locks.size).toBe(0);
    // Another token of the chain is another lock.
    expect(await onOld.tryLock(CHAIN, "R1", 60_000)).toHaveProperty("unlock");
  });

  it("keep every end reason", async () => {
    const records = recordsOn(new MemoryRotationStore(100, () => 0), [NEW]);
    for (const reason of ["sign_out", "reuse_detected", "session_limit", "idle_timeout"] as const) {
      await records.setEnd(CHAIN, { endedAt: 1, reason }, 60_000);
      expect(await records.getEnd(CHAIN)).toEqual({ endedAt: 1, reason });
    }
  });
});

describe("a refresh's first read: the end mark, then the chain", () => {
  /** The memory store, with getAll when asked for, counting the steps it is asked for. */
  function countingStore({ canGetAll }: { canGetAll: boolean }) {
    const memory = new MemoryRotationStore(100, () => 0);
    const steps: string[] = [];
    const store: RotationStore = {
      get: async (key) => (steps.push(`get ${key.split(":")[0]}`), memory.get(key)),
      set: (key, value, ttlMs) => memory.set(key, value, ttlMs),
      tryLock: (key) => memory.tryLock(key),
      ...(canGetAll && {
        getAll: async (keys: readonly string[]) => {
          steps.push(`getAll ${keys.map((key) => key.split(":")[0]).join(" ")}`);
          return Promise.all(keys.map((key) => memory.get(key)));
        },
      }),
    };
    return { store, steps };
  }

  it("is one step where the store can read both keys", async () => {
    const { store, steps } = countingStore({ canGetAll: true });
    const records = recordsOn(store, [NEW]);
    await records.setChain(CHAIN, chainAt(3), 60_000);
    await records.setEnd(CHAIN, { endedAt: 1, reason: "sign_out" }, 60_000);
    const read = await records.getEndThenChain(CHAIN);
    expect(read.end).toEqual({ endedAt: 1, reason: "sign_out" });
    expect(await read.chain()).toEqual(chainAt(3));
    expect(await read.chain()).toEqual(chainAt(3));
    expect(steps).toEqual(["getAll ended chain"]);
  });

  it("else reads the chain only when asked, once", async () => {
    const { store, steps } = countingStore({ canGetAll: false });
    const records = recordsOn(store, [NEW]);
    await records.setChain(CHAIN, chainAt(2), 60_000);
    const read = await records.getEndThenChain(CHAIN);
    expect(read.end).toBeUndefined();
    expect(steps).toEqual(["get ended"]);
    expect(await read.chain()).toEqual(chainAt(2));
    expect(await read.chain()).toEqual(chainAt(2));
    expect(steps).toEqual(["get ended", "get chain"]);
  });

  it("during a rolling secret change, one key at a time: the records span two hash tags", async () => {
    const { store, steps } = countingStore({ canGetAll: true });
    await recordsOn(store, [OLD]).setChain(CHAIN, chainAt(4), 60_000);
    const read = await recordsOn(store, [NEW, OLD]).getEndThenChain(CHAIN);
    expect(await read.chain()).toEqual(chainAt(4));
    expect(steps).toEqual(["get ended", "get ended", "get chain", "get chain"]);
  });

  it("counts a record that does not open as absent", async () => {
    const { store } = countingStore({ canGetAll: true });
    const key = `chain:{${createStoreCrypto([NEW]).hashForStore(`chain:${CHAIN}`)}}`;
    await store.set(key, "not-a-sealed-record", 60_000);
    const read = await recordsOn(store, [NEW]).getEndThenChain(CHAIN);
    expect(await read.chain()).toBeUndefined();
  });
});

describe("the seen mark", () => {
  it.each([
    ["a store that raises", (store: MemoryRotationStore) => store as RotationStore],
    ["a store written before raise existed", withoutRaise],
  ])("only ever rises, on %s", async (_, wrap) => {
    const memory = new MemoryRotationStore(100, () => 0);
    const records = recordsOn(wrap(memory), [NEW]);
    await records.raiseSeen(CHAIN, 2, 60_000);
    await records.raiseSeen(CHAIN, 1, 60_000);
    await records.raiseSeen(CHAIN, 2, 60_000);
    expect(await records.getSeen(CHAIN)).toBe(2);
    await records.raiseSeen(CHAIN, 5, 60_000);
    expect(await records.getSeen(CHAIN)).toBe(5);
  });

  it("counts a record that is no number as none", async () => {
    const memory = new MemoryRotationStore(100, () => 0);
    const crypto = createStoreCrypto([NEW]);
    const key = `seen:{${crypto.hashForStore(`chain:${CHAIN}`)}}`;
    await memory.set(key, "a-sealed-record-from-1.1.0", 60_000);
    const records = recordsOn(memory, [NEW]);
    expect(await records.getSeen(CHAIN)).toBe(-1);
    await records.raiseSeen(CHAIN, 1, 60_000);
    expect(await memory.get(key)).toBe("1");
  });
});
