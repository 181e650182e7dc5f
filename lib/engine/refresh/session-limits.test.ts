import { describe, expect, it } from "vitest";
import { HOUR, setup, tokenOf } from "./coordinator-test-kit";
import { passedLimit, sessionDeadlines } from "./session-limits";

const MINUTE = 60_000;
const limits = { maxAgeMs: 8 * HOUR, idleTimeoutMs: 30 * MINUTE };

describe("session limits", () => {
  it("computes both deadlines, and none for a limit that is off or a legacy cookie", () => {
    expect(sessionDeadlines({ signedInAt: 0, refreshedAt: 10 }, limits)).toEqual({
      sessionEndsAt: 8 * HOUR,
      idleEndsAt: 10 + 30 * MINUTE,
    });
    expect(sessionDeadlines({}, limits)).toEqual({ sessionEndsAt: null, idleEndsAt: null });
    expect(
      passedLimit({ signedInAt: 0, refreshedAt: 0 }, { maxAgeMs: 0, idleTimeoutMs: 0 }, 1e12),
    ).toBeUndefined();
  });

  it("ends a session that refreshes all the time once its absolute limit passes", async () => {
    const { coordinator, rotate, revoked, expired, advance, now } = setup({ limits });
    const signedInAt = now();
    let token = "R0";
    // Every 4 minutes a refresh: never idle, always rotated, until 8 hours have passed.
    while (now() - signedInAt < 8 * HOUR - 4 * MINUTE) {
      advance(4 * MINUTE);
      const outcome = await coordinator.refresh(
        expired(token, { signedInAt, refreshedAt: now() - 4 * MINUTE }),
      );
      expect(outcome.ok).toBe(true);
      token = String(tokenOf(outcome));
    }
    advance(4 * MINUTE);
    const calls = rotate.mock.calls.length;
    const late = expired(token, { signedInAt, refreshedAt: now() - 4 * MINUTE });
    expect(await coordinator.refresh(late)).toEqual({
      ok: false,
      error: "session_expired",
      reason: "session_limit",
    });
    expect(rotate).toHaveBeenCalledTimes(calls); // No rotation after the limit...
    expect(revoked.has(token)).toBe(true); // ...and the chain's newest token is blacklisted.
    // However often it asks again, with whichever cookie of the chain.
    expect(await coordinator.refresh(late)).toMatchObject({ reason: "session_limit" });
    expect(await coordinator.refresh(expired("R1", { signedInAt: now() }))).toMatchObject({
      error: "session_expired",
    });
    expect(rotate).toHaveBeenCalledTimes(calls);
  });

  it("ends a session whose last refresh is older than the idle timeout", async () => {
    const { coordinator, rotate, revoked, expired, advance, now } = setup({ limits });
    const refreshedAt = now();
    advance(30 * MINUTE - 1);
    expect(await coordinator.refresh(expired("R0", { refreshedAt }))).toMatchObject({ ok: true });
    advance(30 * MINUTE + 1);
    // R1's cookie was written at the rotation above; nothing since.
    const idle = expired("R1", { refreshedAt: now() - 30 * MINUTE - 1 });
    expect(await coordinator.refresh(idle)).toEqual({
      ok: false,
      error: "session_expired",
      reason: "idle_timeout",
    });
    expect(rotate).toHaveBeenCalledOnce();
    expect(revoked.has("R1")).toBe(true);
  });

  it("blacklists once when a storm of tabs arrives after the limit", async () => {
    const { coordinator, revoke, expired, now } = setup({ limits });
    const request = expired("R0", { refreshedAt: now() - 31 * MINUTE });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => coordinator.refresh(request)),
    );
    expect(outcomes.every((o) => !o.ok && o.reason === "idle_timeout")).toBe(true);
    expect(revoke).toHaveBeenCalledOnce();
  });

  it("never ends a legacy cookie for lacking the times, and ends a fresh token's session too", async () => {
    const { coordinator, expired, advance, now } = setup({ limits });
    advance(100 * HOUR);
    expect(
      await coordinator.refresh(expired("R0", { signedInAt: undefined, refreshedAt: undefined })),
    ).toMatchObject({ ok: true, status: "refreshed" });
    // The limit holds even while the access token is still valid ("fresh" is not an answer).
    const fresh = { ...expired("R5"), signedInAt: now() - 9 * HOUR, refreshedAt: now() };
    fresh.pair = { ...fresh.pair, accessExpires: now() + 5 * MINUTE };
    expect(await coordinator.refresh(fresh)).toMatchObject({ reason: "session_limit" });
  });
});

describe("refresh decisions", () => {
  it("reports one decision per call: a storm is one refreshed and N-1 joined", async () => {
    const decisions: Array<{ outcome: string; djangoMs: number | null }> = [];
    const { coordinator, expired, slowDown, releaseDjango } = setup({
      onDecision: (decision) => decisions.push(decision),
    });
    slowDown();
    const storm = Array.from({ length: 8 }, () => coordinator.refresh(expired("R0")));
    await new Promise((resolve) => setTimeout(resolve, 10));
    releaseDjango();
    await Promise.all(storm);
    expect(decisions).toHaveLength(8);
    expect(decisions.filter((d) => d.outcome === "refreshed")).toHaveLength(1);
    expect(decisions.filter((d) => d.outcome === "joined")).toHaveLength(7);
    expect(decisions.find((d) => d.outcome === "refreshed")?.djangoMs).toEqual(expect.any(Number));
    // Later callers with the old token are answered from the store.
    await coordinator.refresh(expired("R0"));
    expect(decisions.at(-1)).toMatchObject({ outcome: "reused", djangoMs: null });
  });
});
