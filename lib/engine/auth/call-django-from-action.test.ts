import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DjangoOutcome } from "@/lib/engine/contract";
import type { SessionData } from "@/lib/engine/session/session-data";
import { callDjangoFromAction } from "./call-django-from-action";
import type { SessionRefresh } from "./server-refresh";

const store = { getAll: () => [], set: vi.fn() };
const mocks = vi.hoisted(() => ({
  readSessionCookie: vi.fn(),
  writeSessionCookieToStore: vi.fn(),
  clearSessionCookieFromStore: vi.fn(),
  refreshSession: vi.fn(),
  endSessionChain: vi.fn(),
  callDjango: vi.fn(),
}));
vi.mock("next/headers", () => ({ cookies: async () => store }));
vi.mock("@/lib/engine/session/session-cookie", () => ({
  readSessionCookie: mocks.readSessionCookie,
  writeSessionCookieToStore: mocks.writeSessionCookieToStore,
  clearSessionCookieFromStore: mocks.clearSessionCookieFromStore,
}));
vi.mock("./server-refresh", () => ({
  refreshSession: mocks.refreshSession,
  endSessionChain: mocks.endSessionChain,
}));
vi.mock("@/lib/engine/django/django-client", () => ({ callDjangoWithToken: mocks.callDjango }));

const NOW = Date.now();
const session = (token: string, accessExpires = NOW + 60_000): SessionData => ({
  accessToken: token,
  refreshToken: `refresh-${token}`,
  accessExpires,
  refreshExpires: NOW + 3_600_000,
  user: { id: "1", username: "ada" },
});
const renewed = (status: "refreshed" | "reused" | "fresh"): SessionRefresh => ({
  ok: true,
  status,
  session: session("new"),
});
const answers = (...outcomes: DjangoOutcome<unknown>[]) => {
  for (const outcome of outcomes)
    mocks.callDjango.mockResolvedValueOnce({ outcome, isUserRefused: false });
};
const USER_REFUSED = { outcome: { ok: false, error: "unauthenticated" }, isUserRefused: true };
const UNAUTHENTICATED = { ok: false, error: "unauthenticated" } as const;
const tokensSent = () => mocks.callDjango.mock.calls.map((call) => call[1]);

beforeEach(() => {
  vi.resetAllMocks();
  mocks.readSessionCookie.mockResolvedValue(session("old"));
});

describe("callDjangoFromAction", () => {
  it("calls once with the cookie's token when Django accepts it; never refreshes", async () => {
    answers({ ok: true, status: 200, data: 1 });
    expect(await callDjangoFromAction("notes/")).toMatchObject({ ok: true });
    expect(tokensSent()).toEqual(["old"]);
    expect(mocks.refreshSession).not.toHaveBeenCalled();
  });

  it("on Django's 401: one refresh (access rejected), the new cookie written, one retry", async () => {
    answers({ ok: false, error: "unauthenticated" }, { ok: true, status: 201, data: 1 });
    mocks.refreshSession.mockResolvedValue(renewed("reused"));
    expect(await callDjangoFromAction("notes/", { method: "POST" })).toMatchObject({ ok: true });
    expect(mocks.refreshSession).toHaveBeenCalledWith(session("old"), { accessRejected: true });
    expect(mocks.writeSessionCookieToStore).toHaveBeenCalledWith(store, session("new"));
    expect(tokensSent()).toEqual(["old", "new"]);
  });

  it("refreshes before calling when the access token is known to be expired, and retries no more", async () => {
    mocks.readSessionCookie.mockResolvedValue(session("old", Date.now() - 1));
    mocks.refreshSession.mockResolvedValue(renewed("refreshed"));
    answers({ ok: false, error: "unauthenticated" });
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "unauthenticated" });
    expect(mocks.refreshSession).toHaveBeenCalledTimes(1);
    expect(mocks.refreshSession).toHaveBeenCalledWith(expect.anything(), { accessRejected: false });
    expect(tokensSent()).toEqual(["new"]);
  });

  it("a second 401 after the renewal is returned, not refreshed again", async () => {
    answers({ ok: false, error: "unauthenticated" }, { ok: false, error: "unauthenticated" });
    mocks.refreshSession.mockResolvedValue(renewed("refreshed"));
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "unauthenticated" });
    expect(mocks.refreshSession).toHaveBeenCalledTimes(1);
  });

  it("a second 401 that is the token's (an access-token fault) keeps the session", async () => {
    answers(UNAUTHENTICATED, UNAUTHENTICATED);
    mocks.refreshSession.mockResolvedValue(renewed("refreshed"));
    expect(await callDjangoFromAction("notes/", { method: "POST" })).toEqual(UNAUTHENTICATED);
    expect(mocks.clearSessionCookieFromStore).not.toHaveBeenCalled();
    expect(mocks.endSessionChain).not.toHaveBeenCalled();
  });

  it("a second 401 that refuses the user ends the chain, clears the cookie: session_expired", async () => {
    answers(UNAUTHENTICATED);
    mocks.callDjango.mockResolvedValueOnce(USER_REFUSED);
    mocks.refreshSession.mockResolvedValue(renewed("refreshed"));
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "session_expired" });
    expect(mocks.endSessionChain).toHaveBeenCalledWith(session("new"));
    expect(mocks.clearSessionCookieFromStore).toHaveBeenCalledWith(store);
  });

  it("a first 401 that refuses the user ends the session without a refresh", async () => {
    mocks.callDjango.mockResolvedValueOnce(USER_REFUSED);
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "session_expired" });
    expect(mocks.refreshSession).not.toHaveBeenCalled();
    expect(mocks.endSessionChain).toHaveBeenCalledWith(session("old"));
  });

  it("session_expired clears the cookie; upstream_unavailable keeps it", async () => {
    answers({ ok: false, error: "unauthenticated" }, { ok: false, error: "unauthenticated" });
    mocks.refreshSession.mockResolvedValueOnce({ ok: false, error: "session_expired" });
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "session_expired" });
    expect(mocks.clearSessionCookieFromStore).toHaveBeenCalledWith(store);

    mocks.refreshSession.mockResolvedValueOnce({ ok: false, error: "upstream_unavailable" });
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "unavailable" });
    expect(mocks.clearSessionCookieFromStore).toHaveBeenCalledTimes(1);
    expect(mocks.writeSessionCookieToStore).not.toHaveBeenCalled();
  });

  it("is session_expired for a refresh token past its expiry: cookie cleared, nothing called", async () => {
    mocks.readSessionCookie.mockResolvedValue({ ...session("old", 0), refreshExpires: 1 });
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "session_expired" });
    expect(mocks.clearSessionCookieFromStore).toHaveBeenCalledWith(store);
    expect(mocks.refreshSession).not.toHaveBeenCalled();
    expect(mocks.callDjango).not.toHaveBeenCalled();
  });

  it("is session_expired without a session cookie, and calls nothing", async () => {
    mocks.readSessionCookie.mockResolvedValue(null);
    expect(await callDjangoFromAction("notes/")).toEqual({ ok: false, error: "session_expired" });
    expect(mocks.callDjango).not.toHaveBeenCalled();
  });

  it("does not rewrite the cookie for a 'fresh' answer (another request already renewed it)", async () => {
    answers({ ok: false, error: "unauthenticated" }, { ok: true, status: 200, data: 1 });
    mocks.refreshSession.mockResolvedValue(renewed("fresh"));
    await callDjangoFromAction("notes/");
    expect(mocks.writeSessionCookieToStore).not.toHaveBeenCalled();
  });
});
