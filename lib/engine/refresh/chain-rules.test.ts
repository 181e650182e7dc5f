import { describe, expect, it, vi } from "vitest";
import {
  CHAIN,
  hashForStore,
  openRecord,
  sealRecord,
  setup,
  tokenOf,
} from "./coordinator-test-kit";
import { unchainedChainId } from "./coordinator-types";

const EXPIRED = { ok: false, error: "session_expired" };

describe("reuse detection", () => {
  it("ends the chain when a token is replayed after its successor was rotated, past the window", async () => {
    const { coordinator, rotate, revoked, expired, advance, securityEvents } = setup();
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(40_000);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(rotate).toHaveBeenCalledTimes(2); // Django was not asked about R0 again.
    expect([...revoked]).toEqual(["R2"]); // The newest token of the chain is dead at Django.
    expect(securityEvents).toEqual([
      { event: "refresh_token_reuse", userId: "42", chainAgeMs: 60_000, action: "chain_revoked" },
    ]);
    expect(JSON.stringify(securityEvents)).not.toMatch(/R\d|access-for/);
    // The legitimate holder of R2 is signed out too: the chain has ended.
    expect(await coordinator.refresh(expired("R2"))).toEqual(EXPIRED);
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it("keeps the legitimate cases: inside the window, and a direct successor never used", async () => {
    const { coordinator, revoke, expired, advance } = setup();
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(29_000);
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R2");
    advance(60_000);
    expect(await coordinator.refresh(expired("R1"))).toMatchObject({ status: "reused" });
    expect(revoke).not.toHaveBeenCalled();
  });

  it("with AUTH_REUSE_DETECTION=off leaves the decision to Django", async () => {
    const { coordinator, rotate, revoke, expired, advance } = setup({ reuseDetection: "off" });
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(40_000);
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(rotate).toHaveBeenCalledTimes(3);
    expect(revoke).not.toHaveBeenCalled();
    expect(tokenOf(await coordinator.refresh(expired("R2")))).toBe("R3");
  });
});

describe("sign-out ends the whole chain", () => {
  it("blacklists the newest token even when the cookie is stale, and no member works again", async () => {
    const { coordinator, rotate, revoked, expired } = setup();
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    await coordinator.signOut(expired("R0"));
    expect([...revoked]).toEqual(["R2"]);
    for (const token of ["R0", "R1", "R2"])
      expect(await coordinator.refresh(expired(token))).toEqual(EXPIRED);
    const freshCookie = { ...expired("R2"), pair: { ...expired("R2").pair, accessExpires: 2e15 } };
    expect(await coordinator.refresh(freshCookie)).toEqual(EXPIRED);
    expect(await coordinator.findSuccessor(expired("R0"))).toBeNull();
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it("finds the chain of a cookie from before chains existed", async () => {
    const { coordinator, revoked, expired } = setup();
    // server-refresh gives such a cookie the chain its refresh token names.
    await coordinator.refresh(expired("R0", { chainId: unchainedChainId(hashForStore("R0")) }));
    await coordinator.signOut({ ...expired("R0"), chainId: undefined });
    expect([...revoked]).toEqual(["R1"]);
    expect(await coordinator.refresh(expired("R1", { chainId: "another-chain-id-00" }))).toEqual(
      EXPIRED,
    );
  });

  it("a rotation that lands after the sign-out gives no cookie, and its token dies too", async () => {
    const { coordinator, revoked, expired, slowDown, releaseDjango, rotate } = setup();
    slowDown();
    const inFlight = coordinator.refresh(expired("R0"));
    await vi.waitFor(() => expect(rotate).toHaveBeenCalledOnce());
    await coordinator.signOut(expired("R0"));
    releaseDjango();
    expect(await inFlight).toEqual(EXPIRED);
    expect([...revoked].sort()).toEqual(["R0", "R1"]);
  });
});

describe("rotation records", () => {
  it("are sealed whole and bound to their key: moved or tampered, they are absent", async () => {
    const { coordinator, rotate, store, expired } = setup({ tokenPrefix: "refresh-token-" });
    await coordinator.refresh(expired("refresh-token-0"));
    const chainKey = (chainId: string) => `chain:{${hashForStore(`chain:${chainId}`)}}`;
    const key = chainKey(CHAIN);
    const sealed = (await store.get(key))!;
    expect(sealed).not.toMatch(/refresh-token|access-for|rotatedAt|successor|head|chain-/);
    expect(openRecord(sealed, key)).toMatchObject({
      head: { pair: { refreshToken: "refresh-token-1" } },
    });
    // Someone with write access to the store points another chain's key at this record.
    const attackerChain = "attacker-chain-0123456789";
    const victimKey = chainKey(attackerChain);
    await store.set(victimKey, sealed, 60_000);
    expect(openRecord(sealed, victimKey)).toBeNull();
    expect(
      await coordinator.refresh(expired("attacker-token", { chainId: attackerChain })),
    ).toMatchObject({
      status: "refreshed",
    });
    expect(rotate).toHaveBeenLastCalledWith("attacker-token", expect.any(Number));
    const at = sealed.length - 5; // Inside the ciphertext (the last character may be padding bits).
    const tampered = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
    await store.set(key, tampered, 60_000);
    expect(await coordinator.findSuccessor(expired("refresh-token-0"))).toBeNull();
    expect(openRecord(sealRecord({ a: 1 }, "k1"), "k2")).toBeNull();
  });

  it("a reused successor whose access token is spent is rotated, not replayed", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    await coordinator.refresh(expired("R0"));
    advance(20 * 60_000); // R1's access token expired long ago; R1 was never used.
    const outcomes = await Promise.all([
      coordinator.refresh(expired("R0")),
      coordinator.refresh(expired("R1")),
    ]);
    expect(outcomes).toMatchObject([
      { ok: true, status: "refreshed", pair: { refreshToken: "R2" } },
      { ok: true, status: "refreshed", pair: { refreshToken: "R2" } },
    ]);
    expect(rotate.mock.calls.map(([token]) => token)).toEqual(["R0", "R1"]);
  });

  it("a store write failure after Django rotated still returns the pair, and the write is retried", async () => {
    const { coordinator, rotate, store, expired, keepAlive } = setup();
    const set = vi.spyOn(store, "set").mockRejectedValueOnce(new Error("Redis down"));
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      ok: true,
      status: "refreshed",
      pair: { refreshToken: "R1" },
    });
    expect(keepAlive).toHaveBeenCalledTimes(2); // The flight, and the retry.
    // One chain record per rotation: the failed write, then its retry.
    await vi.waitFor(() => expect(set).toHaveBeenCalledTimes(2), { timeout: 2_000 });
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("with ROTATE_REFRESH_TOKENS off, a refresh reads the store a bounded number of times", async () => {
    const { coordinator, rotate, reads, expired, advance } = setup({ rotateRefreshTokens: false });
    await coordinator.refresh(expired("R0"));
    advance(10 * 60_000);
    reads.mockClear();
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({ status: "refreshed" });
    expect(reads.mock.calls.length).toBeLessThanOrEqual(8);
    expect(rotate).toHaveBeenCalledTimes(2);
    expect(CHAIN).toBeTruthy();
  });
});
