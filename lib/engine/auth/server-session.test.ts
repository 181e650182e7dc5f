import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TEST_SECRET } from "@/lib/engine/test-engine";
import { sessionCookieName } from "@/lib/engine/session/session-cookie";

const SESSION_COOKIE = sessionCookieName();

const requestHeaders = new Headers();
const requestCookies = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      requestCookies.has(name) ? { name, value: requestCookies.get(name) } : undefined,
    getAll: () => [...requestCookies].map(([name, value]) => ({ name, value })),
  }),
  headers: async () => requestHeaders,
}));
const redirect = vi.fn((url: string) => {
  throw new Error(`redirect ${url}`);
});
vi.mock("next/navigation", () => ({ redirect }));

const { requireBrowserSafeSession } = await import("./server-session");

const sessionCookie = (refreshExpires: number) =>
  encode({
    token: {
      accessToken: "a",
      refreshToken: "r",
      accessExpires: Date.now() - 60_000,
      refreshExpires,
      user: { id: "7", username: "ada" },
      sub: "7",
    },
    secret: TEST_SECRET,
  });

describe("requireBrowserSafeSession", () => {
  afterEach(() => {
    requestHeaders.delete("x-pathname");
    requestCookies.clear();
  });

  it("sends a visitor to /login and back to the path middleware passed on", async () => {
    requestHeaders.set("x-pathname", "/dashboard/notes?page=2");
    await expect(requireBrowserSafeSession()).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fdashboard%2Fnotes%3Fpage%3D2",
    );
  });

  it("never back to another site, whatever the header says", async () => {
    requestHeaders.set("x-pathname", "//evil.example/");
    await expect(requireBrowserSafeSession()).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fdashboard",
    );
  });

  it("treats a refresh token past its expiry as no session", async () => {
    requestHeaders.set("x-pathname", "/dashboard/session");
    requestCookies.set(SESSION_COOKIE, await sessionCookie(Date.now() - 1));
    await expect(requireBrowserSafeSession()).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fdashboard%2Fsession",
    );
  });

  it("renders with a live refresh token, even when the access token has expired", async () => {
    requestCookies.set(SESSION_COOKIE, await sessionCookie(Date.now() + 60_000));
    await expect(requireBrowserSafeSession()).resolves.toMatchObject({
      user: { username: "ada" },
    });
  });
});
