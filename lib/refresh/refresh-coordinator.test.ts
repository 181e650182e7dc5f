import { describe, expect, it, vi } from "vitest";
import type { TokenPair } from "@/lib/session/session-data";
import { MemoryRotationStore } from "./memory-rotation-store";
import { createRefreshCoordinator, type RotationAtDjango } from "./refresh-coordinator";
import { hashRefreshToken, openTokenPair, sealTokenPair } from "./refresh-crypto";

const HOUR = 3_600_000;

/** A stand-in for Django's rotation, with a clock the test moves: R0 → R1 → R2 … */
function setup({ reuseWindowMs = 30_000, callerWaitMs = 5_000, tokenPrefix = "R" } = {}) {
  let now = 1_000_000;
  let issued = 0;
  const rotated = new Set<string>();
  const pending: Array<() => void> = [];
  let isSlow = false;
  const rotate = vi.fn(async (refreshToken: string): Promise<RotationAtDjango> => {
    if (isSlow) await new Promise<void>((resolve) => pending.push(resolve));
    if (rotated.has(refreshToken)) return { kind: "rejected" };
    rotated.add(refreshToken);
    issued += 1;
    return { kind: "rotated", pair: pairFor(`${tokenPrefix}${issued}`, now) };
  });
  const store = new MemoryRotationStore(100, () => now);
  const coordinator = createRefreshCoordinator({
    store,
    rotate,
    hashToken: hashRefreshToken,
    seal: sealTokenPair,
    open: openTokenPair,
    reuseWindowMs,
    callerWaitMs,
    lockTtlMs: 60_000,
    now: () => now,
  });
  return {
    coordinator,
    rotate,
    store,
    advance: (ms: number) => (now += ms),
    expired: (refresh: string) => pairFor(refresh, now - 10 * 60_000),
    slowDown: () => (isSlow = true),
    releaseDjango: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

function pairFor(refreshToken: string, issuedAt: number): TokenPair {
  return {
    accessToken: `access-for-${refreshToken}`,
    refreshToken,
    accessExpires: issuedAt + 5 * 60_000,
    refreshExpires: issuedAt + HOUR,
  };
}

describe("refresh coordinator", () => {
  it("shares one Django call among concurrent callers", async () => {
    const { coordinator, rotate, expired } = setup();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => coordinator.refresh(expired("R0"))),
    );
    expect(rotate).toHaveBeenCalledOnce();
    expect(new Set(outcomes.map((o) => (o.ok ? o.pair.refreshToken : o.error)))).toEqual(
      new Set(["R1"]),
    );
  });

  it("answers a rotated token with its successor, without calling Django", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    await coordinator.refresh(expired("R0"));
    advance(10 * 60_000); // Far past the reuse window: the successor was never used.
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      ok: true,
      status: "reused",
      pair: { refreshToken: "R1" },
    });
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("walks an older token to the newest successor only within the reuse window", async () => {
    const { coordinator, rotate, expired, advance } = setup({ reuseWindowMs: 30_000 });
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(20_000);
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R2" },
    });
    advance(20_000);
    expect(await coordinator.refresh(expired("R0"))).toEqual({
      ok: false,
      error: "session_expired",
    });
    expect(rotate).toHaveBeenCalledTimes(3); // The last one went to Django, which refused it.
  });

  it("answers fresh, without rotating, while the access token is valid", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    const { pair } = (await coordinator.refresh(expired("R0"))) as { pair: TokenPair };
    advance(1000);
    expect(await coordinator.refresh(pair)).toMatchObject({ ok: true, status: "fresh" });
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("answers session_expired for a refresh token past its expiry, without calling Django", async () => {
    const { coordinator, rotate, advance } = setup();
    const pair = pairFor("R0", 0);
    advance(2 * HOUR);
    expect(await coordinator.refresh(pair)).toEqual({ ok: false, error: "session_expired" });
    expect(rotate).not.toHaveBeenCalled();
  });

  it("keeps a slow rotation for reuse after the caller gave up", async () => {
    const { coordinator, rotate, expired, slowDown, releaseDjango } = setup({ callerWaitMs: 20 });
    slowDown();
    expect(await coordinator.refresh(expired("R0"))).toEqual({
      ok: false,
      error: "upstream_unavailable",
    });
    releaseDjango();
    await vi.waitFor(() =>
      expect(rotate.mock.results[0]?.value).resolves.toMatchObject({ kind: "rotated" }),
    );
    await vi.waitFor(async () =>
      expect(await coordinator.refresh(expired("R0"))).toMatchObject({
        status: "reused",
        pair: { refreshToken: "R1" },
      }),
    );
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("finds the successor of a stale session for healing", async () => {
    const { coordinator, expired } = setup();
    await coordinator.refresh(expired("R0"));
    expect(await coordinator.findSuccessor(expired("R0"))).toMatchObject({ refreshToken: "R1" });
    expect(await coordinator.findSuccessor(expired("R1"))).toBeNull();
  });
});

describe("rotation store contents", () => {
  it("keys by keyed hash and stores successors encrypted", async () => {
    // Names long enough that random ciphertext cannot contain them by chance (as "R1" could).
    const { coordinator, store, expired } = setup({ tokenPrefix: "refresh-token-" });
    await coordinator.refresh(expired("refresh-token-0"));
    const rotation = await store.get(hashRefreshToken("refresh-token-0"));
    expect(await store.get("refresh-token-0")).toBeUndefined();
    expect(rotation?.successor).not.toContain("refresh-token-1");
    expect(rotation?.successor).not.toContain("access-for");
    expect(openTokenPair(rotation!.successor)).toMatchObject({ refreshToken: "refresh-token-1" });
    expect(
      openTokenPair(rotation!.successor.replace(/^./, (c) => (c === "A" ? "B" : "A"))),
    ).toBeNull();
  });
});
