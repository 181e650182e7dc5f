import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/engine/errors";
import { installTestEngine } from "@/lib/engine/test-engine";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { MemoryRotationStore } from "@/lib/engine/refresh/memory-rotation-store";
import {
  endSessionChain,
  healStaleSession,
  markSessionSeen,
  memoryStoreUsage,
  refreshSession,
} from "./server-refresh";

// Django is faked; the settings are the tests' but for a reuse window of 1 s (a test can outwait it).
const django = vi.hoisted(() => ({
  rotateAtDjango: vi.fn(),
  blacklistAtDjango: vi.fn(async () => undefined),
}));
vi.mock("@/lib/engine/django/django-auth", () => django);
beforeEach(() => {
  installTestEngine((config) => ({ ...config, refresh: { ...config.refresh, reuseWindowS: 1 } }));
});

let serial = 0;
const token = () => `rt-${Date.now()}-${++serial}`;
const pair = (refreshToken: string, accessLeftMs: number): TokenPair => ({
  accessToken: `access-for-${refreshToken}`,
  refreshToken,
  accessExpires: Date.now() + accessLeftMs,
  refreshExpires: Date.now() + 3_600_000,
});
const session = (refreshToken = token(), accessLeftMs = -60_000, chainId?: string) => ({
  ...pair(refreshToken, accessLeftMs),
  user: { id: "7", username: "ada" },
  chainId,
  signedInAt: Date.now() - 600_000,
});
/** Django rotates every token it is given into a new one. */
const rotating = () =>
  django.rotateAtDjango.mockImplementation(async () => ({
    kind: "rotated",
    pair: pair(token(), 300_000),
  }));

afterEach(() => {
  vi.restoreAllMocks();
  django.rotateAtDjango.mockReset();
  django.blacklistAtDjango.mockClear();
});

describe("refreshSession", () => {
  it("returns the rotated pair in the session, keeping the user and the chain", async () => {
    rotating();
    const before = session(token(), -60_000, "chain-kept-0123456789");
    const outcome = await refreshSession(before);
    expect(outcome).toMatchObject({ ok: true, status: "refreshed" });
    if (!outcome.ok) throw new Error("not refreshed");
    expect(outcome.session.refreshToken).not.toBe(before.refreshToken);
    expect(outcome.session).toMatchObject({ user: before.user, chainId: before.chainId });
    expect(outcome.session.signedInAt).toBe(before.signedInAt);
    expect(django.rotateAtDjango).toHaveBeenCalledWith(before.refreshToken, expect.any(Number));
  });

  it("gives a cookie from before chains existed a chain of its own", async () => {
    rotating();
    const outcome = await refreshSession(session());
    // Named by its refresh token (a keyed hash), so every copy of that cookie shares the chain.
    expect(outcome.ok && outcome.session.chainId).toMatch(/^unchained-[\w-]{43}$/);
  });

  it("answers fresh for a valid access token unless Django rejected it", async () => {
    rotating();
    const valid = session(token(), 300_000, "chain-fresh-0123456789");
    expect(await refreshSession(valid)).toMatchObject({ ok: true, status: "fresh" });
    expect(django.rotateAtDjango).not.toHaveBeenCalled();
    expect(await refreshSession(valid, { accessRejected: true })).toMatchObject({
      ok: true,
      status: "refreshed",
    });
  });

  it("passes session_expired on when Django rejects the refresh token", async () => {
    django.rotateAtDjango.mockResolvedValue({ kind: "rejected" });
    expect(await refreshSession(session())).toEqual({ ok: false, error: "session_expired" });
  });

  it("carries Django's refusal of the user (a deactivated account) as the reason", async () => {
    django.rotateAtDjango.mockResolvedValue({ kind: "rejected", reason: "account_deactivated" });
    expect(await refreshSession(session())).toEqual({
      ok: false,
      error: "session_expired",
      reason: "account_deactivated",
    });
  });

  it("answers upstream_unavailable, never a logout, when the store fails", async () => {
    rotating();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(MemoryRotationStore.prototype, "get").mockRejectedValue(new Error("store down"));
    expect(await refreshSession(session())).toEqual({ ok: false, error: "upstream_unavailable" });
    expect(warn).toHaveBeenCalledWith(
      "[auth] refresh: rotation store unavailable",
      expect.any(Error),
    );
    expect(django.rotateAtDjango).not.toHaveBeenCalled();
  });

  it("measures the reuse window in seconds, and logs a replay as one security event", async () => {
    rotating();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const first = session(token(), -60_000, "chain-replay-0123456789");
    const second = await refreshSession(first);
    if (!second.ok) throw new Error("not refreshed");
    await refreshSession({ ...second.session, accessExpires: Date.now() - 1 });
    // Inside the 1 s window the old cookie is answered with the newest pair.
    expect(await refreshSession(first)).toMatchObject({ ok: true, status: "reused" });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await refreshSession(first)).toEqual({ ok: false, error: "session_expired" });
    const events = warn.mock.calls.map(([line]) => String(line)).filter((l) => l.startsWith("{"));
    expect(events.map((line) => JSON.parse(line))).toEqual([
      {
        level: "security",
        event: "refresh_token_reuse",
        userId: "7",
        chainAgeMs: expect.any(Number),
        action: "chain_revoked",
      },
    ]);
    expect(django.blacklistAtDjango).toHaveBeenCalledOnce();
  });
});

describe("healStaleSession", () => {
  it("gives a stale cookie its successor, and leaves others as they are", async () => {
    rotating();
    const stale = session(token(), -60_000, "chain-heal-0123456789");
    const rotated = await refreshSession(stale);
    if (!rotated.ok) throw new Error("not refreshed");
    expect(await healStaleSession(stale)).toEqual({
      ...stale,
      ...pick(rotated.session),
      generation: 1, // The cookie now names its place in the chain.
    });
    const untouched = session();
    expect(await healStaleSession(untouched)).toBe(untouched);
  });

  it("keeps the cookie when the store fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(MemoryRotationStore.prototype, "get").mockRejectedValue(new Error("store down"));
    const cookie = session();
    expect(await healStaleSession(cookie)).toBe(cookie);
    expect(warn).toHaveBeenCalledWith(
      "[auth] session: rotation store unavailable",
      expect.any(Error),
    );
  });
});

describe("endSessionChain", () => {
  it("blacklists the newest token of the chain, even from a stale cookie", async () => {
    rotating();
    const stale = session(token(), -60_000, "chain-end-0123456789a");
    const rotated = await refreshSession(stale);
    if (!rotated.ok) throw new Error("not refreshed");
    expect(await endSessionChain(stale)).toBe("ended");
    expect(django.blacklistAtDjango).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ refreshToken: rotated.session.refreshToken }),
    );
    expect(await refreshSession(rotated.session)).toEqual({ ok: false, error: "session_expired" });
  });

  it("blacklists at least the cookie's own token when the store fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(MemoryRotationStore.prototype, "get").mockRejectedValue(new Error("store down"));
    const cookie = session(token(), -60_000, "chain-down-0123456789");
    expect(await endSessionChain(cookie)).toBe("ended");
    expect(django.blacklistAtDjango).toHaveBeenCalledExactlyOnceWith(cookie);
    expect(warn).toHaveBeenCalledWith(
      "[auth] sign-out: rotation store unavailable",
      expect.any(Error),
    );
  });

  it("says when Django did not end it, with a security event naming the user", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    django.blacklistAtDjango.mockRejectedValueOnce(
      new AppError("upstream_unavailable", "Django's token/blacklist/ answered 403"),
    );
    expect(await endSessionChain(session(token(), 60_000, "chain-kept-0123456789a"))).toBe(
      "not_ended",
    );
    const events = warn.mock.calls.map(([line]) => JSON.parse(String(line)) as unknown);
    expect(events).toContainEqual({
      level: "security",
      event: "sign_out_not_confirmed",
      userId: "7",
      detail: "Django's token/blacklist/ answered 403",
    });
  });
});

const pick = ({ accessToken, refreshToken, accessExpires, refreshExpires }: TokenPair) => ({
  accessToken,
  refreshToken,
  accessExpires,
  refreshExpires,
});

describe("markSessionSeen and memoryStoreUsage", () => {
  it("marks a chained cookie's generation in the engine's store, and nothing for one without a chain", async () => {
    const raise = vi.spyOn(MemoryRotationStore.prototype, "raise");
    markSessionSeen({ ...session(), generation: 2 }); // From before chains existed: nothing.
    markSessionSeen({ ...session(token(), 60_000, "chain-seen-0123456789"), generation: 2 });
    await vi.waitFor(() => expect(raise).toHaveBeenCalledOnce());
    expect(raise.mock.calls[0]?.[1]).toBe(2);
  });

  it("reports the memory store's use, and nothing for a store of another kind", () => {
    expect(memoryStoreUsage()).toMatchObject({ sessions: 0, evictedLive: 0 });
    installTestEngine((config) => ({
      ...config,
      store: {
        kind: "custom",
        create: () => {
          const inner = new MemoryRotationStore();
          return {
            get: (key) => inner.get(key),
            set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
            tryLock: (key) => inner.tryLock(key),
          };
        },
      },
    }));
    expect(memoryStoreUsage()).toBeNull();
  });
});
