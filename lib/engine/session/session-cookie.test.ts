import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import {
  CHUNK_SIZE,
  clearSessionCookie,
  clearSessionCookieFromStore,
  type CookieStore,
  joinSessionCookie,
  openSessionCookie,
  readSessionCookie,
  sessionCookieName,
  sessionCookieOptions,
  sessionTokenCookie,
  splitSessionCookie,
  writeSessionCookie,
  writeSessionCookieToStore,
} from "./session-cookie";
import {
  measureCookieHeader,
  SESSION_COOKIE_BUDGET,
  SessionTooLargeError,
} from "./session-cookie-budget";
import type { SessionData } from "./session-data";

/** The name under the tests' settings (plain http: no prefix). */
const SESSION_COOKIE = sessionCookieName();

type CookieOption = { name: string; options: Record<string, unknown> };
type NextAuthCookieModule = {
  defaultCookies(useSecureCookies: boolean): { sessionToken: CookieOption };
  SessionStore: new (
    option: CookieOption,
    request: { cookies: Record<string, string>; headers: Record<string, string> },
    logger: Record<"debug" | "warn" | "error", () => void>,
  ) => {
    chunk(
      value: string,
      options: object,
    ): { name: string; value: string; options: { maxAge?: number } }[];
  };
};

// next-auth's own chunker (not in its package exports), the oracle this module must match.
const require = createRequire(import.meta.url);
const { defaultCookies, SessionStore } = require(
  join(require.resolve("next-auth/jwt"), "../../core/lib/cookie.js"),
) as NextAuthCookieModule;

const SECRET = "unit-tests-secret-unit-tests-secret-0123";

/** A session whose tokens carry `claimBytes` of custom claims, as Django's may. */
function session(claimBytes = 0): SessionData {
  const padding = randomBytes(claimBytes).toString("base64url");
  return {
    accessToken: `access.${padding}`,
    refreshToken: `refresh.${padding}`,
    accessExpires: Date.now() + 60_000,
    refreshExpires: Date.now() + 3_600_000,
    user: { id: "7", username: "ada" },
  };
}

/** The request jar as NextRequest parses a Cookie header. */
const jar = (cookies: Record<string, string> | string[][]) =>
  new NextRequest("http://app.test/", {
    headers: {
      cookie: (Array.isArray(cookies) ? cookies : Object.entries(cookies))
        .map(([name, value]) => `${name}=${value}`)
        .join("; "),
    },
  }).cookies;

/** What a response sets: name → value ("" with maxAge 0 for an expired one). */
const setOn = (response: NextResponse) =>
  Object.fromEntries(response.cookies.getAll().map((c) => [c.name, c]));

function nextAuthChunks(value: string, requestCookies: Record<string, string> = {}) {
  const logger = { debug() {}, warn() {}, error() {} };
  const store = new SessionStore(
    defaultCookies(false).sessionToken,
    { cookies: requestCookies, headers: {} },
    logger,
  );
  return store.chunk(value, {}).map(({ name, value: v, options }) => ({
    name,
    value: v,
    maxAge: options.maxAge,
  }));
}

describe("session cookie names and options", () => {
  it("is next-auth's session cookie with next-auth's options", () => {
    const { sessionToken } = defaultCookies(false);
    expect(SESSION_COOKIE).toBe(sessionToken.name);
    expect(sessionCookieOptions()).toEqual(sessionToken.options);
    expect(sessionTokenCookie()).toEqual({ name: SESSION_COOKIE, options: sessionCookieOptions() });
    expect(CHUNK_SIZE).toBe(3933);
  });
});

describe("splitSessionCookie", () => {
  it.each([1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7])(
    "splits %i characters exactly as next-auth does",
    (length) => {
      const value = "v".repeat(length - 1) + "$";
      const ours = splitSessionCookie(value);
      expect(ours).toEqual(nextAuthChunks(value).map(({ name, value: v }) => ({ name, value: v })));
      expect(ours.map(({ value: v }) => v).join("")).toBe(value);
      for (const { value: v } of ours) expect(v.length).toBeLessThanOrEqual(CHUNK_SIZE);
    },
  );

  it("names chunks <name>.0, <name>.1, …", () => {
    expect(splitSessionCookie("x".repeat(CHUNK_SIZE * 2 + 1)).map(({ name }) => name)).toEqual([
      `${SESSION_COOKIE}.0`,
      `${SESSION_COOKIE}.1`,
      `${SESSION_COOKIE}.2`,
    ]);
  });
});

describe("joinSessionCookie", () => {
  it("reads the whole cookie, or the chunks in index order whatever their order in the header", () => {
    expect(joinSessionCookie(jar({ [SESSION_COOKIE]: "abc" }))).toBe("abc");
    const chunks: [string, string][] = [
      [`${SESSION_COOKIE}.2`, "c"],
      [`${SESSION_COOKIE}.0`, "a"],
      [`${SESSION_COOKIE}.3`, "d"],
      [`${SESSION_COOKIE}.1`, "b"],
    ];
    expect(joinSessionCookie(jar(chunks))).toBe("abcd");
  });

  it("joins chunks up to the cookie budget, and refuses a set past it", () => {
    const fill = (total: number) => {
      const sizes = [CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 0];
      sizes[3] = total - measureCookieHeader(sizes.map((n, i) => piece(i, n)));
      return sizes.map((n, i) => piece(i, n));
    };
    const piece = (i: number, length: number) => ({
      name: `${SESSION_COOKIE}.${i}`,
      value: "v".repeat(length),
    });
    const atBudget = fill(SESSION_COOKIE_BUDGET);
    expect(measureCookieHeader(atBudget)).toBe(SESSION_COOKIE_BUDGET);
    expect(joinSessionCookie(jar(atBudget.map((c) => [c.name, c.value])))).toHaveLength(
      atBudget.reduce((sum, c) => sum + c.value.length, 0),
    );
    const past = fill(SESSION_COOKIE_BUDGET + 1);
    expect(joinSessionCookie(jar(past.map((c) => [c.name, c.value])))).toBeNull();
  });

  it.each([
    ["no cookie", {}],
    [
      "more chunks than the budget holds",
      Object.fromEntries([...Array(5).keys()].map((i) => [`${SESSION_COOKIE}.${i}`, "x"])),
    ],
    ["a missing first chunk", { [`${SESSION_COOKIE}.1`]: "b" }],
    ["a missing middle chunk", { [`${SESSION_COOKIE}.0`]: "a", [`${SESSION_COOKIE}.2`]: "c" }],
    ["an empty chunk", { [`${SESSION_COOKIE}.0`]: "a", [`${SESSION_COOKIE}.1`]: "" }],
    ["an absurd index", { [`${SESSION_COOKIE}.0`]: "a", [`${SESSION_COOKIE}.99999999`]: "z" }],
    ["look-alike names only", { [`${SESSION_COOKIE}x`]: "a", [`${SESSION_COOKIE}.a`]: "b" }],
  ])("is null for %s", (_, cookies) => {
    expect(joinSessionCookie(jar(cookies))).toBeNull();
  });
});

describe("readSessionCookie", () => {
  it("reads a cookie next-auth chunked at sign-in", async () => {
    const data = session(2500);
    const value = await encode({ token: { ...data, sub: "7" }, secret: SECRET });
    const chunks = nextAuthChunks(value);
    expect(chunks.length).toBeGreaterThan(1);
    const read = await readSessionCookie(jar(chunks.reverse().map((c) => [c.name, c.value])));
    expect(read).toEqual(data);
  });

  it.each([
    ["tampered", (v: string) => v.slice(0, 100) + (v[100] === "A" ? "B" : "A") + v.slice(101)],
    ["truncated", (v: string) => v.slice(0, -10)],
    ["not a JWE", () => "not-a-cookie"],
  ])("is null for a %s cookie", async (_, spoil) => {
    const value = await encode({ token: { ...session(), sub: "7" }, secret: SECRET });
    expect(await readSessionCookie(jar({ [SESSION_COOKIE]: spoil(value) }))).toBeNull();
  });

  it("is null for a cookie sealed with another secret, or one without a session", async () => {
    const other = await encode({ token: { ...session() }, secret: `${SECRET}-other` });
    expect(await readSessionCookie(jar({ [SESSION_COOKIE]: other }))).toBeNull();
    const empty = await encode({ token: { sub: "7" }, secret: SECRET });
    expect(await readSessionCookie(jar({ [SESSION_COOKIE]: empty }))).toBeNull();
  });

  it("tells a cookie sealed with a secret it does not hold from a broken one", async () => {
    const foreign = await encode({ token: { ...session() }, secret: `${SECRET}-other` });
    expect(await openSessionCookie(jar({ [SESSION_COOKIE]: foreign }))).toEqual({
      session: null,
      isSealedElsewhere: true,
    });
    // A tampered ciphertext is indistinguishable from another secret's; a malformed one is not.
    for (const broken of ["not-a-cookie", foreign.split(".").slice(0, 3).join(".")]) {
      expect(await openSessionCookie(jar({ [SESSION_COOKIE]: broken }))).toEqual({
        session: null,
        isSealedElsewhere: false,
      });
    }
  });

  it("is null when a chunk of a large cookie is missing", async () => {
    const response = NextResponse.json({});
    await writeSessionCookie(response, session(2500), jar({}));
    const pieces = response.cookies.getAll();
    expect(pieces.length).toBeGreaterThan(2);
    const withoutMiddle = pieces
      .filter((_, i) => i !== 1)
      .map((c): [string, string] => [c.name, c.value]);
    expect(await readSessionCookie(jar(withoutMiddle))).toBeNull();
  });
});

describe("writeSessionCookie", () => {
  it("round-trips small and large sessions, chunked above the limit", async () => {
    for (const claimBytes of [0, 1500, 3000]) {
      const data = session(claimBytes);
      const response = NextResponse.json({});
      await writeSessionCookie(response, data, jar({}));
      const written = response.cookies.getAll();
      expect(written.length > 1).toBe(claimBytes > 0);
      for (const cookie of written) {
        expect(cookie.value.length).toBeLessThanOrEqual(CHUNK_SIZE);
        expect(cookie).toMatchObject({ ...sessionCookieOptions(), maxAge: expect.any(Number) });
        expect(cookie.maxAge).toBeGreaterThan(0);
      }
      const read = await readSessionCookie(jar(written.map((c) => [c.name, c.value])));
      expect(read).toEqual(data);
    }
  });

  it("refuses a session past the cookie budget, naming the claims' size, and sets nothing", async () => {
    // 4.5 kB of claims in each token: the 17 kB Cookie header that Node answers 431 to.
    const response = NextResponse.json({});
    const attempt = writeSessionCookie(response, session(4500), jar({}));
    await expect(attempt).rejects.toBeInstanceOf(SessionTooLargeError);
    await expect(attempt).rejects.toMatchObject({
      code: "session_too_large",
      cookieBytes: expect.any(Number),
      message: expect.stringMatching(/carry [\d.]+ kB of claims.*under 13\.0 kB.*in Django/),
    });
    const error = (await attempt.catch((e: unknown) => e)) as SessionTooLargeError;
    expect(error.cookieBytes).toBeGreaterThan(SESSION_COOKIE_BUDGET);
    expect(response.cookies.getAll()).toEqual([]);
  });

  it("expires stale chunks when it writes the whole form", async () => {
    const response = NextResponse.json({});
    const before = { [`${SESSION_COOKIE}.0`]: "a", [`${SESSION_COOKIE}.1`]: "b", other: "keep" };
    await writeSessionCookie(response, session(), jar(before));
    const set = setOn(response);
    expect(set[SESSION_COOKIE]?.maxAge).toBeGreaterThan(0);
    expect(set[`${SESSION_COOKIE}.0`]).toMatchObject({ value: "", maxAge: 0, path: "/" });
    expect(set[`${SESSION_COOKIE}.1`]).toMatchObject({ value: "", maxAge: 0, path: "/" });
    expect(set.other).toBeUndefined();
  });

  it("expires the whole form and extra chunks when it writes fewer chunks", async () => {
    const response = NextResponse.json({});
    const before = {
      [SESSION_COOKIE]: "old",
      ...Object.fromEntries([...Array(12).keys()].map((i) => [`${SESSION_COOKIE}.${i}`, "x"])),
    };
    await writeSessionCookie(response, session(2500), jar(before));
    const set = setOn(response);
    expect(set[SESSION_COOKIE]).toMatchObject({ value: "", maxAge: 0 });
    expect(set[`${SESSION_COOKIE}.0`]?.maxAge).toBeGreaterThan(0);
    expect(set[`${SESSION_COOKIE}.11`]).toMatchObject({ value: "", maxAge: 0 });
    const live = response.cookies.getAll().filter((c) => c.value !== "");
    expect(await readSessionCookie(jar(live.map((c) => [c.name, c.value])))).not.toBeNull();
  });

  it("sets the same cookies next-auth's SessionStore would, given the same request", async () => {
    const before = { [SESSION_COOKIE]: "old", [`${SESSION_COOKIE}.3`]: "stale" };
    const response = NextResponse.json({});
    await writeSessionCookie(response, session(2500), jar(before));
    const value = joinSessionCookie({
      getAll: () => response.cookies.getAll().filter((c) => c.value !== ""),
    });
    expect(value).not.toBeNull();
    const theirs = nextAuthChunks(value ?? "", before).map(({ name, value: v }) => [name, v]);
    const ours = response.cookies.getAll().map((c) => [c.name, c.value]);
    expect(ours.sort()).toEqual(theirs.sort());
  });
});

describe("clearSessionCookie", () => {
  it("expires the whole cookie and every chunk the request carried, and nothing else", () => {
    const response = NextResponse.json({});
    clearSessionCookie(
      response,
      jar({
        [`${SESSION_COOKIE}.0`]: "a",
        [`${SESSION_COOKIE}.1`]: "b",
        [`${SESSION_COOKIE}.7`]: "h",
        "next-auth.csrf-token": "keep",
      }),
    );
    const set = setOn(response);
    expect(Object.keys(set).sort()).toEqual(
      [SESSION_COOKIE, `${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`, `${SESSION_COOKIE}.7`].sort(),
    );
    for (const cookie of Object.values(set)) {
      expect(cookie).toMatchObject({ value: "", maxAge: 0, path: "/", httpOnly: true });
    }
  });
});

/** next/headers' cookies() in a Server Action: the request's cookies, and a record of what it sets. */
function actionStore(before: Record<string, string>) {
  const set: { name: string; value: string; options: object }[] = [];
  const store: CookieStore = {
    getAll: () => jar(before).getAll(),
    set: (name, value, options) => set.push({ name, value, options }),
  };
  return { store, set };
}

describe("the cookies() store writers (Server Actions)", () => {
  it("set exactly what the response writers set, given the same request", async () => {
    const before = { [SESSION_COOKIE]: "old", [`${SESSION_COOKIE}.3`]: "stale", other: "keep" };
    for (const claimBytes of [0, 2500]) {
      const data = session(claimBytes);
      const { store, set } = actionStore(before);
      await writeSessionCookieToStore(store, data);
      const response = NextResponse.json({});
      await writeSessionCookie(response, data, jar(before));
      // Same names and options; the values differ only by encryption nonce, so decode them.
      const ours = set.map(({ name, value, options }) => ({ name, isEmpty: !value, ...options }));
      const theirs = response.cookies
        .getAll()
        .map(({ name, value, httpOnly, sameSite, path, secure, maxAge }) => ({
          ...{ name, isEmpty: !value, httpOnly, sameSite, path, secure, maxAge },
        }));
      expect(ours).toEqual(theirs);
      const live = set.filter((c) => c.value !== "").map((c) => [c.name, c.value]);
      expect(await readSessionCookie(jar(live))).toEqual(data);
    }
  });

  it("clear expires the whole cookie and every chunk the request carried", () => {
    const { store, set } = actionStore({ [`${SESSION_COOKIE}.0`]: "a", other: "keep" });
    clearSessionCookieFromStore(store);
    expect(set.map((c) => c.name).sort()).toEqual([SESSION_COOKIE, `${SESSION_COOKIE}.0`].sort());
    for (const cookie of set) {
      expect(cookie).toMatchObject({
        value: "",
        options: { maxAge: 0, path: "/", httpOnly: true },
      });
    }
  });
});
