import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authConfigFromEnv } from "@/lib/engine/config-from-env.mjs";
import { installTestEngine, TEST_SECRET } from "@/lib/engine/test-engine";

type CookieOption = { name: string; options: Record<string, unknown> };
type NextAuthCookieModule = {
  SessionStore: new (
    option: CookieOption,
    request: { cookies: Record<string, string>; headers: Record<string, string> },
    logger: Record<"debug" | "warn" | "error", () => void>,
  ) => { chunk(value: string, options: object): { name: string }[] };
};
const require = createRequire(import.meta.url);
const { SessionStore } = require(
  join(require.resolve("next-auth/jwt"), "../../core/lib/cookie.js"),
) as NextAuthCookieModule;

/** session-cookie.ts in a deployment with these variables. */
async function loadWith(vars: Record<string, string>) {
  installTestEngine(() =>
    authConfigFromEnv({
      DJANGO_API_URL: "http://127.0.0.1:8000/api",
      NEXTAUTH_SECRET: TEST_SECRET,
      ...vars,
    }),
  );
  const cookie = await import("./session-cookie");
  return {
    ...cookie,
    SESSION_COOKIE: cookie.sessionCookieName(),
    SESSION_COOKIE_OPTIONS: cookie.sessionCookieOptions(),
    sessionTokenCookie: cookie.sessionTokenCookie(),
  };
}

describe("the session cookie on a secure origin", () => {
  it.each([
    ["an https NEXTAUTH_URL", { NEXTAUTH_URL: "https://app.example" }],
    ["Vercel", { VERCEL: "1", AUTH_STORE: "memory" }],
  ])("is __Host- prefixed, Secure, Path=/ and without Domain on %s", async (_, vars) => {
    const { SESSION_COOKIE, sessionTokenCookie, splitSessionCookie } = await loadWith(vars);
    expect(SESSION_COOKIE).toBe("__Host-next-auth.session-token");
    expect(sessionTokenCookie.options).toEqual({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: true,
    });
    expect(sessionTokenCookie.options).not.toHaveProperty("domain");
    expect(splitSessionCookie("v".repeat(5000)).map(({ name }) => name)).toEqual([
      "__Host-next-auth.session-token.0",
      "__Host-next-auth.session-token.1",
    ]);
  });

  it("gets the same chunk names from next-auth's own chunker, given our cookie option", async () => {
    const { sessionTokenCookie, splitSessionCookie } = await loadWith({
      NEXTAUTH_URL: "https://app.example",
    });
    const logger = { debug() {}, warn() {}, error() {} };
    const store = new SessionStore(sessionTokenCookie, { cookies: {}, headers: {} }, logger);
    const value = "v".repeat(9000);
    expect(store.chunk(value, {}).map(({ name }) => name)).toEqual(
      splitSessionCookie(value).map(({ name }) => name),
    );
  });

  it("has no prefix on plain http, where a browser would refuse __Host-", async () => {
    const { SESSION_COOKIE, SESSION_COOKIE_OPTIONS } = await loadWith({
      NEXTAUTH_URL: "http://127.0.0.1:3000",
    });
    expect(SESSION_COOKIE).toBe("next-auth.session-token");
    expect(SESSION_COOKIE_OPTIONS.secure).toBe(false);
  });
});
