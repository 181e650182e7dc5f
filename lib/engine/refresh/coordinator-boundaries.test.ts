import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CHAIN,
  hashForStore,
  HOUR,
  LOCK_TTL_MS,
  pairFor,
  setup,
  tokenOf,
} from "./coordinator-test-kit";
import { MemoryRotationStore } from "./memory-rotation-store";
import type { Unlock } from "./rotation-store";
import {
  ACCESS_LEEWAY_MS,
  ACCESS_REJECTED_GRACE_MS,
  LOCK_MARGIN_MS,
  type RefreshRequest,
  unchainedChainId,
} from "./refresh-coordinator";

// The edges of each rule (exactly at a limit, one store read failing, another chain): what the
// scenario tests pass over, and what a mutant of the coordinator changes first.
const EXPIRED = { ok: false, error: "session_expired" };
const UNAVAILABLE = { ok: false, error: "upstream_unavailable" };

const withPair = (request: RefreshRequest, pair: Partial<RefreshRequest["pair"]>) => ({
  ...request,
  pair: { ...request.pair, ...pair },
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("limits, exactly at the limit", () => {
  it("refreshes an access token with exactly the leeway left, not one with a millisecond more", async () => {
    const { coordinator, expired, now } = setup();
    const atLeeway = withPair(expired("R0"), { accessExpires: now() + ACCESS_LEEWAY_MS });
    expect(await coordinator.refresh(withPair(atLeeway, { refreshToken: "Q0" }))).toMatchObject({
      status: "refreshed",
    });
    const justAbove = withPair(expired("R0"), { accessExpires: now() + ACCESS_LEEWAY_MS + 1 });
    expect(await coordinator.refresh(justAbove)).toMatchObject({ status: "fresh" });
  });

  it("answers session_expired without Django once the refresh token's expiry is reached", async () => {
    const { coordinator, rotate, expired, now } = setup();
    expect(await coordinator.refresh(withPair(expired("R0"), { refreshExpires: now() }))).toEqual(
      EXPIRED,
    );
    expect(rotate).not.toHaveBeenCalled();
  });

  it("still answers a replay at exactly the end of the reuse window", async () => {
    const { coordinator, expired, advance } = setup({ reuseWindowMs: 30_000 });
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(30_000);
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R2");
  });

  it("answers session_expired once the stored successor's refresh token has expired", async () => {
    const { coordinator, rotate, store, expired, advance, now } = setup();
    // A store whose clock lags ours (another instance, Redis) still holds the record.
    const set = store.set.bind(store);
    vi.spyOn(store, "set").mockImplementation((key, value, ttl) => set(key, value, ttl + 60_000));
    const longLived = () => withPair(expired("R0"), { refreshExpires: now() + 10 * HOUR });
    await coordinator.refresh(longLived());
    advance(HOUR); // R1 was issued with one hour to live.
    expect(await coordinator.refresh(longLived())).toEqual(EXPIRED);
    expect(await coordinator.findSuccessor(longLived())).toBeNull();
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("treats a pair issued exactly the grace period ago as old enough to be refused", async () => {
    const { coordinator, expired, advance } = setup();
    const first = await coordinator.refresh(expired("R0"));
    if (!first.ok) throw new Error("not refreshed");
    advance(ACCESS_REJECTED_GRACE_MS);
    const rejected = { ...expired("R1"), pair: first.pair, accessRejected: true };
    expect(await coordinator.refresh(rejected)).toMatchObject({
      status: "refreshed",
      pair: { refreshToken: "R2" },
    });
  });

  it("does not take a refused old cookie for the pair just issued to its chain", async () => {
    const { coordinator, rotate, expired, now } = setup();
    await coordinator.refresh(expired("R0"));
    // R0's access token is still valid, but Django refused it: its successor is the answer.
    const refused = {
      ...withPair(expired("R0"), { accessExpires: now() + 60_000 }),
      accessRejected: true,
    };
    expect(await coordinator.refresh(refused)).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R1" },
    });
    expect(rotate).toHaveBeenCalledOnce();
  });
});

describe("the lock and Django's time", () => {
  /** Store reads after the lock is taken move the clock by `ms` (a slow store, a long wait). */
  function slowAfterLock(kit: ReturnType<typeof setup>, ms: number) {
    let locked = false;
    const tryLock = kit.store.tryLock.bind(kit.store);
    vi.spyOn(kit.store, "tryLock").mockImplementation(async (key: string) => {
      locked = true;
      return tryLock(key);
    });
    const get = MemoryRotationStore.prototype.get;
    kit.reads.mockImplementation(async (key: string) => {
      if (locked) {
        locked = false;
        kit.advance(ms);
      }
      return get.call(kit.store, key);
    });
  }

  it("gives Django only what is left of the lock after the wait under it", async () => {
    const kit = setup();
    slowAfterLock(kit, 5_000);
    expect(tokenOf(await kit.coordinator.refresh(kit.expired("R0")))).toBe("R1");
    expect(kit.rotate).toHaveBeenCalledWith("R0", LOCK_TTL_MS - LOCK_MARGIN_MS - 5_000);
  });

  it("does not call Django at all when no time is left under the lock", async () => {
    const kit = setup();
    slowAfterLock(kit, LOCK_TTL_MS - LOCK_MARGIN_MS);
    expect(await kit.coordinator.refresh(kit.expired("R0"))).toEqual(UNAVAILABLE);
    expect(kit.rotate).not.toHaveBeenCalled();
  });

  it("waits for another instance's lock up to its TTL, then gives up", async () => {
    const { coordinator, rotate, store, expired, advance } = setup();
    // Another instance holds the lock (the memory store's type says it never refuses).
    const refused = (async () => {
      advance(LOCK_TTL_MS);
      return null;
    }) as unknown as () => Promise<Unlock>;
    const tryLock = vi.spyOn(store, "tryLock").mockImplementation(refused);
    expect(await coordinator.refresh(expired("R0"))).toEqual(UNAVAILABLE);
    expect(tryLock).toHaveBeenCalledTimes(2); // At the deadline it tries once more.
    expect(rotate).not.toHaveBeenCalled();
  });

  it("releases the lock after rotating, and a failed release is only a warning", async () => {
    const { coordinator, store, expired, warnings } = setup();
    const unlock = vi.fn(async () => Promise.reject(new Error("lock gone")));
    vi.spyOn(store, "tryLock").mockResolvedValue(unlock);
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(unlock).toHaveBeenCalledOnce();
    expect(warnings).toEqual(["could not release a lock"]);
  });

  it("logs to the console by default", async () => {
    const error = new Error("lock gone");
    const { coordinator, store, expired } = setup({ overrides: { warn: undefined } });
    const consoleWarn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(store, "tryLock").mockResolvedValue(async () => Promise.reject(error));
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(consoleWarn).toHaveBeenCalledWith("[auth] could not release a lock", error);
  });

  it("passes Django being unavailable on, and rotates at the next refresh", async () => {
    const { coordinator, rotate, expired } = setup();
    rotate.mockResolvedValueOnce({ kind: "unavailable" });
    expect(await coordinator.refresh(expired("R0"))).toEqual(UNAVAILABLE);
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
  });

  it("leaves no timer behind once the caller has its answer", async () => {
    const { coordinator, expired } = setup();
    vi.useFakeTimers();
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("records of a rotation", () => {
  it("live exactly as long as the new refresh token", async () => {
    const { coordinator, store, expired } = setup();
    const set = vi.spyOn(store, "set");
    await coordinator.refresh(expired("R0"));
    expect(set.mock.calls.map(([, , ttl]) => ttl)).toEqual([HOUR]); // One record per chain.
  });

  it("a failed check for sign-out after rotating is a 503; the retry finds the stored successor or the end", async () => {
    const kit = setup();
    const get = MemoryRotationStore.prototype.get;
    let isDown = true;
    kit.reads.mockImplementation(async (key: string) => {
      if (isDown && kit.rotate.mock.calls.length > 0 && key.startsWith("ended:"))
        throw new Error("down");
      return get.call(kit.store, key);
    });
    expect(await kit.coordinator.refresh(kit.expired("R0"))).toEqual(UNAVAILABLE);
    expect(kit.warnings).toEqual(["could not check whether the chain ended"]);
    expect(kit.revoke).not.toHaveBeenCalled();
    isDown = false;
    expect(await kit.coordinator.refresh(kit.expired("R0"))).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R1" },
    });
    await kit.coordinator.signOut(kit.expired("R0"));
    expect(await kit.coordinator.refresh(kit.expired("R0"))).toEqual(EXPIRED);
    expect(kit.rotate).toHaveBeenCalledOnce();
  });

  it("with the successor not stored either, the failed check keeps the new pair (a 503 would lose it)", async () => {
    const kit = setup();
    vi.spyOn(kit.store, "set").mockRejectedValueOnce(new Error("down"));
    const get = MemoryRotationStore.prototype.get;
    kit.reads.mockImplementation(async (key: string) => {
      if (kit.rotate.mock.calls.length > 0 && key.startsWith("ended:")) throw new Error("down");
      return get.call(kit.store, key);
    });
    expect(tokenOf(await kit.coordinator.refresh(kit.expired("R0")))).toBe("R1");
    expect(kit.revoke).not.toHaveBeenCalled();
  });

  it("signs out a cookie newer than the chain's record (its write not landed yet) by its own token", async () => {
    const kit = setup();
    const first = await kit.coordinator.refresh(kit.expired("R0"));
    if (!first.ok) throw new Error("not rotated");
    // The browser holds generation 2 (R9), whose record write never landed: the store says R1.
    const newer = { ...kit.expired("R9"), generation: 2 };
    await kit.coordinator.signOut(newer);
    expect(kit.revoke).toHaveBeenLastCalledWith(expect.objectContaining({ refreshToken: "R9" }));
  });

  it("an end mark outlives the chain's newest token, not only the cookie that signed out", async () => {
    const kit = setup();
    const first = await kit.coordinator.refresh(kit.expired("R0"));
    if (!first.ok) throw new Error("not rotated");
    kit.advance(30 * 60_000);
    // An old copy whose token expires in 5 minutes signs out; Django is down, R1 stays alive there.
    const copy = kit.expired("R0");
    copy.pair = { ...copy.pair, refreshExpires: kit.now() + 5 * 60_000 };
    kit.revoke.mockRejectedValueOnce(new Error("Django down"));
    await expect(kit.coordinator.signOut(copy)).rejects.toThrow("Django down");
    kit.advance(10 * 60_000); // Past the copy's expiry and any floor; R1 lives 20 more minutes.
    const newest = { ...kit.expired("R1"), pair: first.pair, generation: first.generation };
    expect(await kit.coordinator.refresh(newest)).toEqual(EXPIRED);
    expect(kit.rotate).toHaveBeenCalledOnce();
  });

  it("a token issued after sign-out that Django will not blacklist is only a warning", async () => {
    const { coordinator, revoke, expired, slowDown, releaseDjango, rotate, warnings } = setup();
    slowDown();
    const inFlight = coordinator.refresh(expired("R0"));
    await vi.waitFor(() => expect(rotate).toHaveBeenCalledOnce());
    await coordinator.signOut(expired("R0"));
    revoke.mockRejectedValueOnce(new Error("Django down"));
    releaseDjango();
    expect(await inFlight).toEqual(EXPIRED);
    expect(revoke).toHaveBeenLastCalledWith(expect.objectContaining({ refreshToken: "R1" }));
    expect(warnings).toEqual(["could not blacklist a token issued after sign-out"]);
  });

  it("rotates a spent successor for a lone caller of the older token", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    await coordinator.refresh(expired("R0"));
    advance(20 * 60_000);
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      status: "refreshed",
      pair: { refreshToken: "R2" },
      chainId: CHAIN,
    });
    expect(rotate.mock.calls.map(([token]) => token)).toEqual(["R0", "R1"]);
  });
});

describe("chains", () => {
  it("every copy of a cookie from before chains lands in the chain its token names", async () => {
    const { coordinator, expired } = setup();
    // What server-refresh gives a cookie without a chain: the same id for the same token.
    const chainId = unchainedChainId(hashForStore("R0"));
    await coordinator.refresh(expired("R0", { chainId }));
    expect(await coordinator.refresh(expired("R0", { chainId }))).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R1" },
      chainId,
    });
  });

  it("an ended chain stays ended for every cookie of it, and Django is not asked", async () => {
    const { coordinator, rotate, expired } = setup();
    await coordinator.refresh(expired("R0"));
    await coordinator.signOut(expired("R0"));
    expect(await coordinator.refresh(expired("R0"))).toEqual(EXPIRED);
    expect(await coordinator.refresh(expired("R1"))).toEqual(EXPIRED);
    expect(await coordinator.findSuccessor(expired("R0"))).toBeNull();
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("ending one chain leaves other chains alone", async () => {
    const { coordinator, expired } = setup();
    await coordinator.signOut(expired("X0", { chainId: "chain-a-0123456789" }));
    expect(
      tokenOf(await coordinator.refresh(expired("R0", { chainId: "chain-b-0123456789" }))),
    ).toBe("R1");
  });

  it("heals nothing for a cookie of an ended chain", async () => {
    const { coordinator, expired } = setup();
    await coordinator.refresh(expired("R0", { chainId: "chain-a-0123456789" }));
    await coordinator.signOut(expired("X0", { chainId: "chain-b-0123456789" }));
    expect(
      await coordinator.findSuccessor(expired("R0", { chainId: "chain-b-0123456789" })),
    ).toBeNull();
  });
});

describe("sign-out", () => {
  it("marks the chain ended for as long as its refresh token lives", async () => {
    const { coordinator, store, expired, now } = setup();
    const set = vi.spyOn(store, "set");
    const request = expired("R0");
    await coordinator.signOut(request);
    const ends = set.mock.calls.filter(([key]) => key.startsWith("ended:"));
    expect(ends.map(([, , ttl]) => ttl)).toEqual([request.pair.refreshExpires - now()]);
  });

  it("blacklists an unrotated cookie from before chains, and marks no chain", async () => {
    const { coordinator, store, revoked, expired } = setup();
    const set = vi.spyOn(store, "set");
    await coordinator.signOut({ ...expired("R0"), chainId: undefined });
    expect([...revoked]).toEqual(["R0"]);
    expect(set).not.toHaveBeenCalled();
  });

  it("finds the newest token of the chain when the cookie is older than it", async () => {
    const { coordinator, revoked, expired } = setup();
    await coordinator.refresh(expired("R0"));
    await coordinator.signOut(expired("R0"));
    expect([...revoked]).toEqual(["R1"]);
  });

  it("blacklists the newest token of a chain longer than one walk", async () => {
    const { coordinator, revoked, expired } = setup();
    for (let i = 0; i < 20; i++) await coordinator.refresh(expired(`R${i}`));
    await coordinator.signOut(expired("R0"));
    expect([...revoked]).toEqual(["R20"]);
  });
});

describe("reuse detected", () => {
  async function replay(kit: ReturnType<typeof setup>, extra: Partial<RefreshRequest> = {}) {
    await kit.coordinator.refresh(kit.expired("R0"));
    await kit.coordinator.refresh(kit.expired("R1"));
    kit.advance(40_000);
    return kit.coordinator.refresh(kit.expired("R0", extra));
  }

  it("works without a security log", async () => {
    const kit = setup({ overrides: { logSecurityEvent: undefined } });
    expect(await replay(kit)).toEqual(EXPIRED);
    expect([...kit.revoked]).toEqual(["R2"]);
  });

  it("gives no chain age for a cookie from before sign-in times were kept", async () => {
    const kit = setup();
    await replay(kit, { signedInAt: undefined });
    expect(kit.securityEvents).toMatchObject([{ chainAgeMs: undefined }]);
  });

  it("still ends the session when Django will not blacklist, with a warning", async () => {
    const kit = setup();
    kit.revoke.mockRejectedValue(new Error("Django down"));
    expect(await replay(kit)).toEqual(EXPIRED);
    expect(kit.warnings).toEqual([
      "reuse detected: could not blacklist the newest token of the chain",
    ]);
  });
});

it("pairFor is the kit's pair", () => {
  expect(pairFor("R0", 0).refreshExpires).toBe(HOUR);
});
