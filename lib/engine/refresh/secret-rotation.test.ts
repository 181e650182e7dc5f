import { describe, expect, it } from "vitest";
import { pairFor, setup } from "./coordinator-test-kit";
import { createStoreCrypto } from "./refresh-crypto";

const OLD = "old-secret-old-secret-old-secret-0123";
const NEW = "new-secret-new-secret-new-secret-4567";
const before = createStoreCrypto([OLD]);
const after = createStoreCrypto([NEW, OLD]);

describe("createStoreCrypto with previous secrets", () => {
  it("opens records sealed with a previous secret, and seals only with the current one", () => {
    const sealed = before.sealRecord({ n: 1 }, "chain:{k}");
    expect(after.openRecord(sealed, "chain:{k}")).toEqual({ n: 1 });
    expect(after.openRecord(sealed, "chain:{other}")).toBeNull();
    const resealed = after.sealRecord({ n: 1 }, "chain:{k}");
    expect(before.openRecord(resealed, "chain:{k}")).toBeNull();
    expect(createStoreCrypto([NEW]).openRecord(sealed, "chain:{k}")).toBeNull();
  });

  it("names a value's keys under the previous secrets", () => {
    expect(after.hashForStore("v")).not.toBe(before.hashForStore("v"));
    expect(after.previousHashesForStore("v")).toEqual([before.hashForStore("v")]);
    expect(before.previousHashesForStore("v")).toEqual([]);
  });
});

/** One store, first served under OLD, then (after a restart) under NEW with OLD as previous. */
function restartWithNewSecret() {
  const old = setup({
    overrides: { hash: before.hashForStore, seal: before.sealRecord, open: before.openRecord },
  });
  const renewed = setup({
    tokenPrefix: "N",
    overrides: {
      store: old.store,
      now: old.now,
      hash: after.hashForStore,
      previousHashes: after.previousHashesForStore,
      seal: after.sealRecord,
      open: after.openRecord,
    },
  });
  return { old, renewed };
}

describe("a secret rotation", () => {
  it("keeps every rule for records written under the previous secret", async () => {
    const { old, renewed } = restartWithNewSecret();
    await old.coordinator.refresh(old.expired("R0"));
    // The stale cookie still gets its successor, and Django is not asked again.
    expect(await renewed.coordinator.refresh(old.expired("R0"))).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R1" },
    });
    expect(await renewed.coordinator.findSuccessor(old.expired("R0"))).toMatchObject({
      refreshToken: "R1",
    });
    await old.coordinator.signOut(old.expired("R0"));
    expect(await renewed.coordinator.refresh(old.expired("R1"))).toMatchObject({ ok: false });
    expect(renewed.rotate).not.toHaveBeenCalled();
  });

  it("re-seals a chain with the current secret on its next write", async () => {
    const { old, renewed } = restartWithNewSecret();
    await old.coordinator.refresh(old.expired("R0"));
    old.advance(10 * 60_000);
    const next = await renewed.coordinator.refresh({
      ...old.expired("R1"),
      pair: pairFor("R1", old.now() - 10 * 60_000),
    });
    expect(next).toMatchObject({ status: "refreshed" });
    const key = `chain:{${after.hashForStore(`chain:${"chain-0123456789abcdef"}`)}}`;
    const sealed = await old.store.get(key);
    expect(after.openRecord(sealed!, key)).toMatchObject({ head: { generation: 2 } });
    expect(before.openRecord(sealed!, key)).toBeNull();
  });

  it("during a rolling change, reads whichever secret's record is newer", async () => {
    const { old, renewed } = restartWithNewSecret();
    await renewed.coordinator.refresh(old.expired("R0")); // N1, written under NEW.
    old.advance(10 * 60_000);
    // An instance still on OLD rotates N1 next: R1, written under OLD only.
    const n1 = {
      ...old.expired("N1"),
      pair: pairFor("N1", old.now() - 10 * 60_000),
      generation: 1,
    };
    expect(await old.coordinator.refresh(n1)).toMatchObject({ pair: { refreshToken: "R1" } });
    // The new instance heals a stale N1 with R1, not with its own older record.
    expect(await renewed.coordinator.findSuccessor(n1)).toMatchObject({ refreshToken: "R1" });
  });
});
