import { describe, expect, it, vi } from "vitest";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { CHAIN, HOUR, LOCK_TTL_MS, pairFor, setup, tokenOf } from "./coordinator-test-kit";
import { ACCESS_REJECTED_GRACE_MS, LOCK_MARGIN_MS } from "./refresh-coordinator";

describe("refresh coordinator", () => {
  it("shares one Django call among concurrent callers", async () => {
    const { coordinator, rotate, expired } = setup();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => coordinator.refresh(expired("R0"))),
    );
    expect(rotate).toHaveBeenCalledOnce();
    expect(new Set(outcomes.map(tokenOf))).toEqual(new Set(["R1"]));
  });

  it("answers a rotated token with its successor, without calling Django", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    await coordinator.refresh(expired("R0"));
    advance(60_000); // Past the reuse window: the successor was never used, and is still fresh.
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      ok: true,
      status: "reused",
      pair: { refreshToken: "R1" },
      chainId: CHAIN,
    });
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("answers a rotated token from the chain it read first: no lock is taken for it", async () => {
    const { coordinator, expired, store } = setup();
    await coordinator.refresh(expired("R0"));
    const locks = vi.spyOn(store, "tryLock");
    expect(tokenOf(await coordinator.refresh(expired("R0")))).toBe("R1");
    expect(locks).not.toHaveBeenCalled();
  });

  it("walks an older token to the newest successor within the reuse window", async () => {
    const { coordinator, rotate, expired, advance } = setup({ reuseWindowMs: 30_000 });
    await coordinator.refresh(expired("R0"));
    await coordinator.refresh(expired("R1"));
    advance(20_000);
    expect(await coordinator.refresh(expired("R0"))).toMatchObject({
      status: "reused",
      pair: { refreshToken: "R2" },
    });
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it("measures the reuse window from the presented token's own rotation", async () => {
    const { coordinator, expired, advance } = setup({ reuseWindowMs: 30_000 });
    await coordinator.refresh(expired("R0"));
    advance(25_000);
    await coordinator.refresh(expired("R1"));
    advance(10_000); // 35 s after R0 was rotated, 10 s after R1 was.
    expect(await coordinator.refresh(expired("R0"))).toEqual({
      ok: false,
      error: "session_expired",
    });
  });

  it("answers fresh, without rotating, while the access token is valid", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    const first = await coordinator.refresh(expired("R0"));
    advance(1000);
    const current = { ...expired("R1"), pair: (first as { pair: TokenPair }).pair };
    expect(await coordinator.refresh(current)).toMatchObject({ ok: true, status: "fresh" });
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("rotates a valid access token that Django refused, once for concurrent callers", async () => {
    const { coordinator, rotate, expired, advance } = setup();
    const first = await coordinator.refresh(expired("R0"));
    const rejected = {
      ...expired("R1"),
      pair: (first as { pair: TokenPair }).pair,
      accessRejected: true,
    };
    // Just issued: the refusal was of the previous cookie (another tab's request).
    advance(ACCESS_REJECTED_GRACE_MS - 1_000);
    expect(await coordinator.refresh(rejected)).toMatchObject({ status: "fresh" });
    advance(2_000);
    const outcomes = await Promise.all([1, 2, 3].map(() => coordinator.refresh(rejected)));
    expect(outcomes.map((o) => (o.ok ? o.status : o.error))).toEqual(Array(3).fill("refreshed"));
    expect(outcomes.map(tokenOf)).toEqual(["R2", "R2", "R2"]);
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it("answers session_expired for a refresh token past its expiry, without calling Django", async () => {
    const { coordinator, rotate, advance } = setup();
    const request = { pair: pairFor("R0", 0), chainId: CHAIN };
    advance(2 * HOUR);
    expect(await coordinator.refresh(request)).toEqual({ ok: false, error: "session_expired" });
    expect(rotate).not.toHaveBeenCalled();
  });

  it("keeps a slow rotation for reuse after the caller gave up, and keeps it alive", async () => {
    const { coordinator, rotate, expired, slowDown, releaseDjango, keepAlive } = setup({
      callerWaitMs: 20,
    });
    slowDown();
    expect(await coordinator.refresh(expired("R0"))).toEqual({
      ok: false,
      error: "upstream_unavailable",
    });
    expect(keepAlive).toHaveBeenCalledOnce();
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

  it("gives Django less time than the lock has left, so the lock never lapses under it", async () => {
    const { coordinator, rotate, expired } = setup();
    await coordinator.refresh(expired("R0"));
    const timeoutMs = rotate.mock.calls[0]?.[1] ?? Infinity;
    expect(timeoutMs).toBeLessThanOrEqual(LOCK_TTL_MS - LOCK_MARGIN_MS);
    expect(timeoutMs).toBeGreaterThan(LOCK_TTL_MS / 2);
  });

  it("finds the successor of a stale session for healing", async () => {
    const { coordinator, expired } = setup();
    await coordinator.refresh(expired("R0"));
    expect(await coordinator.findSuccessor(expired("R0"))).toMatchObject({ refreshToken: "R1" });
    expect(await coordinator.findSuccessor(expired("R1"))).toBeNull();
  });
});
