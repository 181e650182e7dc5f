import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { guardRequest } from "./guard-request";
import { sessionCookieName, splitSessionCookie } from "@/lib/engine/session/session-cookie";

const SESSION_COOKIE = sessionCookieName();

const SECRET = "unit-tests-secret-unit-tests-secret-0123";
const APP = "http://app.test";

async function cookieFor({
  refreshExpires = Date.now() + 60_000,
  accessExpires = 0,
  accessToken = "a",
} = {}) {
  return encode({
    token: {
      accessToken,
      refreshToken: "r",
      accessExpires,
      refreshExpires,
      user: { id: "7", username: "ada" },
      sub: "7",
    },
    secret: SECRET,
  });
}

const navigate = (path: string, cookies: Record<string, string> = {}) =>
  guardRequest(
    new NextRequest(`${APP}${path}`, {
      headers: {
        cookie: Object.entries(cookies)
          .map(([name, value]) => `${name}=${value}`)
          .join("; "),
      },
    }),
  );

const isPassedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";
const expired = (response: Response) =>
  response.headers
    .getSetCookie()
    .filter((line) => /Max-Age=0/i.test(line))
    .map((line) => line.split("=")[0]);

describe("guardRequest", () => {
  it("passes every page on, session or not: app/(protected)/layout.tsx decides", async () => {
    expect(isPassedOn(await navigate("/dashboard/session?tab=2"))).toBe(true);
    const dead = { [SESSION_COOKIE]: await cookieFor({ refreshExpires: Date.now() - 1 }) };
    const response = await navigate("/dashboard", dead);
    expect(isPassedOn(response)).toBe(true);
    expect(expired(response)).toEqual([]);
  });

  it("answers an API call without a session with 401 JSON, not a redirect", async () => {
    const response = await navigate("/api/django/me/");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });

  it("refuses a path that cannot be percent-decoded with 400, session or not", async () => {
    const cookies = { [SESSION_COOKIE]: await cookieFor() };
    for (const path of ["/api/django/%E0%A4%A", "/dashboard/%zz"]) {
      const response = await navigate(path, cookies);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_path" });
    }
  });

  it("lets a live session through even with an expired access token: it never refreshes", async () => {
    const cookie = await cookieFor({ accessExpires: Date.now() - 60_000 });
    expect(isPassedOn(await navigate("/api/django/me/", { [SESSION_COOKIE]: cookie }))).toBe(true);
  });

  it("reads a chunked session cookie", async () => {
    const pieces = splitSessionCookie(await cookieFor({ accessToken: "a".repeat(9000) }));
    expect(pieces.length).toBeGreaterThan(1);
    const cookies = Object.fromEntries(pieces.map(({ name, value }) => [name, value]));
    expect((await navigate("/login", cookies)).status).toBe(307);
  });

  it("treats a dead refresh token as no session, and expires it on /login", async () => {
    const cookie = await cookieFor({ refreshExpires: Date.now() - 1 });
    const response = await navigate("/login", { [SESSION_COOKIE]: cookie });
    expect(isPassedOn(response)).toBe(true);
    expect(expired(response)).toEqual([SESSION_COOKIE]);
  });

  it.each([
    ["a tampered cookie", { [SESSION_COOKIE]: "tampered" }],
    ["a lone second chunk", { [`${SESSION_COOKIE}.1`]: "half" }],
    ["chunks with a gap", { [`${SESSION_COOKIE}.0`]: "a", [`${SESSION_COOKIE}.2`]: "c" }],
  ])("expires %s on /login and on an API call, every piece of it", async (_, cookies) => {
    for (const path of ["/login", "/api/django/me/"]) {
      const response = await navigate(path, cookies);
      expect(expired(response).sort(), path).toEqual(
        [...new Set([SESSION_COOKIE, ...Object.keys(cookies)])].sort(),
      );
    }
  });

  it("expires a set of chunks over the cookie budget, even one that decrypts", async () => {
    const chunks = splitSessionCookie(await cookieFor({ accessToken: "a".repeat(14_000) }));
    expect(chunks.length).toBeGreaterThan(3);
    const cookies = Object.fromEntries(chunks.map(({ name, value }) => [name, value]));
    const response = await navigate("/login", cookies);
    expect(isPassedOn(response)).toBe(true);
    expect(expired(response).sort()).toEqual([SESSION_COOKIE, ...Object.keys(cookies)].sort());
  });

  it("treats a cookie sealed with a secret it does not hold as signed out, but leaves it", async () => {
    // A rolling deploy: another instance may hold that secret, and clearing would sign out.
    const foreign = await encode({
      token: { accessToken: "a", refreshToken: "r", user: { id: "7", username: "ada" } },
      secret: `${SECRET}-rotated`,
    });
    const cookies = { [SESSION_COOKIE]: foreign };
    const api = await navigate("/api/django/me/", cookies);
    expect(api.status).toBe(401);
    const login = await navigate("/login", cookies);
    expect(isPassedOn(login)).toBe(true);
    for (const response of [api, login]) expect(expired(response)).toEqual([]);
  });

  it("shows /login to a visitor, and sends a signed-in user to a safe callbackUrl", async () => {
    expect(isPassedOn(await navigate("/login"))).toBe(true);
    const cookies = { [SESSION_COOKIE]: await cookieFor() };
    const to = async (path: string) =>
      (await navigate(path, cookies)).headers.get("location")?.replace(APP, "");
    expect(await to("/login")).toBe("/dashboard");
    expect(await to("/login?callbackUrl=%2Fdashboard%2Fsession")).toBe("/dashboard/session");
    expect(await to("/login?callbackUrl=%2F.%2F%2Fevil.example")).toBe("/dashboard");
    expect(await to("/login?callbackUrl=https%3A%2F%2Fevil.example%2F")).toBe("/dashboard");
    expect(await to("/login?callbackUrl=%2Flogin")).toBe("/dashboard");
  });
});
