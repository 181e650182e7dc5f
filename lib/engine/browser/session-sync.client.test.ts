import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthEvent, AuthEventSource } from "./auth-events.client";
import { createSessionStore, type SessionSeed } from "./session-store.client";
import type { RefreshResult } from "./tab-refresh.client";

const mocks = vi.hoisted(() => ({
  listeners: new Set<(event: AuthEvent, source: AuthEventSource) => void>(),
  refreshSessionOnce: vi.fn<(sentAt: number, o: { accessRejected: boolean }) => Promise<unknown>>(),
  redirectToLogin: vi.fn(),
}));
vi.mock("./auth-events.client", () => ({
  subscribeToAuthEvents: (listener: (event: AuthEvent, source: AuthEventSource) => void) => {
    mocks.listeners.add(listener);
    return () => mocks.listeners.delete(listener);
  },
}));
vi.mock("./tab-refresh.client", () => ({
  refreshSessionOnce: mocks.refreshSessionOnce,
  redirectToLogin: mocks.redirectToLogin,
}));
const { syncSession } = await import("./session-sync.client");

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;
const seed: SessionSeed = {
  user: { id: "7", username: "ada" },
  accessExpires: T0 + MINUTE,
  refreshExpires: T0 + 60 * MINUTE,
  sessionEndsAt: null,
  idleEndsAt: T0 + 10 * MINUTE,
};
const expired: RefreshResult = { ok: false, error: "session_expired" };

const tell = (event: AuthEvent, source: AuthEventSource) => {
  for (const listener of mocks.listeners) listener(event, source);
};

/** A tab: window, document and navigator as the sync sees them. */
function openTab() {
  const window = Object.assign(new EventTarget(), { location: { assign: vi.fn() } });
  const document = Object.assign(new EventTarget(), { visibilityState: "visible" });
  vi.stubGlobal("window", window);
  vi.stubGlobal("document", document);
  vi.stubGlobal("navigator", { onLine: true });
  const store = createSessionStore(seed, { warningLeadMs: 2 * MINUTE });
  const stop = syncSession(store);
  const wake = () => document.dispatchEvent(new Event("visibilitychange"));
  return { window, document, store, stop, wake };
}

describe("syncSession: this tab follows the others and the clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    mocks.refreshSessionOnce.mockReset().mockResolvedValue(expired);
    mocks.redirectToLogin.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    mocks.listeners.clear();
  });

  it("goes to /login when another tab signs out; its own sign-out leaves that to the button", () => {
    const tab = openTab();
    tell({ type: "signed-out" }, "this-tab");
    expect(tab.window.location.assign).not.toHaveBeenCalled();
    expect(tab.store.getSnapshot().status).toBe("signed-out");
    tab.stop();

    const other = openTab();
    tell({ type: "signed-out" }, "other-tab");
    expect(other.window.location.assign).toHaveBeenCalledExactlyOnceWith("/login");
    expect(other.store.getSnapshot().status).toBe("signed-out");
  });

  it("renews on wake once the access token has expired, not before, and not while hidden", async () => {
    const tab = openTab();
    tab.wake();
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();

    vi.setSystemTime(seed.accessExpires);
    tab.document.visibilityState = "hidden";
    tab.wake();
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();

    tab.document.visibilityState = "visible";
    tab.window.dispatchEvent(new Event("focus"));
    expect(mocks.refreshSessionOnce).toHaveBeenCalledExactlyOnceWith(Number.POSITIVE_INFINITY, {
      accessRejected: false,
    });
    await vi.waitFor(() => expect(mocks.redirectToLogin).toHaveBeenCalledOnce());
  });

  it("counts a renewal made in another tab: no refresh on wake after it", () => {
    const tab = openTab();
    tell(
      { type: "refresh-finished", outcome: "refreshed", accessExpires: T0 + 5 * MINUTE },
      "other-tab",
    );
    vi.setSystemTime(seed.accessExpires + 1);
    tab.wake();
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();
  });

  it("ticks the clock: expiring within the lead, then the server ends the session past the limit", async () => {
    const tab = openTab();
    expect(tab.store.readClock()).toBe(T0);
    await vi.advanceTimersByTimeAsync(8 * MINUTE);
    expect(tab.store.getSnapshot().status).toBe("expiring");
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();

    // A second of clock skew past the limit, then one ask every 3 s until the answer ends it.
    mocks.refreshSessionOnce.mockReturnValue(new Promise(() => {}));
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mocks.refreshSessionOnce).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mocks.refreshSessionOnce).toHaveBeenCalledTimes(1);
    mocks.refreshSessionOnce.mockResolvedValue(expired);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mocks.refreshSessionOnce).toHaveBeenCalledTimes(2);
    expect(mocks.redirectToLogin).toHaveBeenCalledExactlyOnceWith("idle_timeout");
  });

  it("stops listening when the provider unmounts", () => {
    const tab = openTab();
    tab.stop();
    expect(mocks.listeners.size).toBe(0);
    vi.setSystemTime(seed.accessExpires);
    tab.wake();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(mocks.refreshSessionOnce).not.toHaveBeenCalled();
    expect(tab.store.readClock()).toBe(T0);
  });
});
