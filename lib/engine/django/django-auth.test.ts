import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The browser's address as the proxy in front recorded it: auth calls pass it on to Django.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }),
}));
import { installTestEngine } from "@/lib/engine/test-engine";
import { blacklistAtDjango, rotateAtDjango, signInAtDjango } from "./django-auth";

// These tests answer for Django through a stubbed global fetch.
vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"));

type Sent = { url: string; headers: Headers; body: unknown };

let sent: Sent[] = [];
let answers: Array<[number, unknown, HeadersInit?]> = [];

beforeEach(() => {
  sent = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    sent.push({
      url: String(url),
      headers: new Headers(init.headers),
      body: JSON.parse(String(init.body)),
    });
    const [status, body, headers] = answers.shift() ?? [599, null];
    return new Response(body === null ? null : JSON.stringify(body), { status, headers });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A pair whose access token has `accessLeftMs` to live; the token texts name the pair. */
const pairOf = (name: string, accessLeftMs = 300_000) => ({
  accessToken: `access-${name}`,
  refreshToken: `refresh-${name}`,
  accessExpires: Date.now() + accessLeftMs,
  refreshExpires: Date.now() + 3_600_000,
});

/** A token whose payload holds an `exp` (what parseTokenPair reads) and the other claims given. */
const jwt = (expiresInS: number, claims: object = {}) =>
  `x.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + expiresInS, ...claims })).toString("base64url")}.y`;

const withLogoutView = () =>
  installTestEngine((config) => ({
    ...config,
    django: {
      ...config.django,
      blacklistPath: "auth/logout/",
      blacklistBearer: true,
      blacklistField: "refresh_token",
    },
  }));

describe("blacklistAtDjango: sign-out tells the truth", () => {
  it.each([200, 204, 205])("counts %i as ended", async (status) => {
    answers = [[status, status === 200 ? {} : null]];
    expect(await blacklistAtDjango(pairOf("a"))).toBe("ended");
    expect(sent[0]).toMatchObject({
      url: "http://127.0.0.1:8000/api/token/blacklist/",
      body: { refresh: "refresh-a" },
    });
    expect(sent[0]?.headers.get("authorization")).toBeNull();
  });

  it("counts simplejwt's token_not_valid as already ended", async () => {
    answers = [[401, { detail: "Token is blacklisted", code: "token_not_valid" }]];
    expect(await blacklistAtDjango(pairOf("a"))).toBe("already_ended");
  });

  it.each([
    [401, { detail: "Authentication credentials were not provided." }],
    [
      401,
      {
        detail: "Given token not valid for any token type",
        code: "token_not_valid",
        messages: [{ token_class: "AccessToken", message: "Token is expired" }],
      },
    ],
    [403, { detail: "You do not have permission to perform this action." }],
    [404, null],
    [400, { detail: "Refresh token required." }],
    [403, { detail: "Not yours.", code: "token_not_valid" }],
  ])("refuses to call %i an end, quoting Django", async (status, body) => {
    answers = [[status, body]];
    const detail = (body as { detail?: string } | null)?.detail;
    const quoted = detail ? `: "${detail}"` : "";
    await expect(blacklistAtDjango(pairOf("a"))).rejects.toMatchObject({
      code: "upstream_unavailable",
      message: `Django's token/blacklist/ answered ${status}${quoted}`,
    });
  });

  it("throws for a 5xx: nothing was confirmed", async () => {
    answers = [[502, null]];
    await expect(blacklistAtDjango(pairOf("a"))).rejects.toMatchObject({
      code: "upstream_unavailable",
    });
  });

  it("sends the access token as Bearer, in the field the project names, to its logout view", async () => {
    withLogoutView();
    answers = [[204, null]];
    expect(await blacklistAtDjango(pairOf("a"))).toBe("ended");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("http://127.0.0.1:8000/api/auth/logout/");
    expect(sent[0]?.body).toEqual({ refresh_token: "refresh-a" });
    expect(sent[0]?.headers.get("authorization")).toBe("Bearer access-a");
  });

  it("renews an access token about to expire first, then signs the new pair out", async () => {
    withLogoutView();
    const renewed = { access: jwt(300), refresh: jwt(3600) };
    answers = [
      [200, renewed],
      [204, null],
    ];
    expect(await blacklistAtDjango(pairOf("a", 5_000))).toBe("ended");
    expect(sent.map(({ url }) => url)).toEqual([
      "http://127.0.0.1:8000/api/token/refresh/",
      "http://127.0.0.1:8000/api/auth/logout/",
    ]);
    expect(sent[0]?.body).toEqual({ refresh: "refresh-a" });
    expect(sent[1]?.body).toEqual({ refresh_token: renewed.refresh });
    expect(sent[1]?.headers.get("authorization")).toBe(`Bearer ${renewed.access}`);
  });

  it("signs out with the pair it has when the renewal is unavailable", async () => {
    withLogoutView();
    answers = [
      [503, null],
      [204, null],
    ];
    expect(await blacklistAtDjango(pairOf("a", 5_000))).toBe("ended");
    expect(sent[1]?.body).toEqual({ refresh_token: "refresh-a" });
    expect(sent[1]?.headers.get("authorization")).toBe("Bearer access-a");
  });

  it("has nothing to end when the refresh token is already refused", async () => {
    withLogoutView();
    answers = [[401, { detail: "Token is blacklisted", code: "token_not_valid" }]];
    expect(await blacklistAtDjango(pairOf("a", -1_000))).toBe("already_ended");
    expect(sent).toHaveLength(1);
  });
});

describe("django.refreshCookie: the refresh token in Django's cookie (dj-rest-auth)", () => {
  const refreshCookie = "my-refresh-token";
  const withCookie = () =>
    installTestEngine((config) => ({
      ...config,
      django: { ...config.django, tokenPath: "dj-rest-auth/login/", refreshCookie },
    }));
  const setting = (token: string) =>
    [
      ["Set-Cookie", "sessionid=abc; HttpOnly; Path=/"],
      [
        "Set-Cookie",
        `${refreshCookie}=${token}; expires=Sun, 06 Dec 2026 10:00:00 GMT; HttpOnly; Path=/; SameSite=Lax`,
      ],
    ] satisfies HeadersInit;

  it("signs in with the refresh token from the login answer's cookie", async () => {
    withCookie();
    const [access, refresh] = [jwt(300), jwt(3600, { token_type: "refresh" })];
    answers = [[200, { access, refresh: "", user: { pk: 1, username: "ann" } }, setting(refresh)]];
    expect(await signInAtDjango("ann", "pw")).toMatchObject({
      accessToken: access,
      refreshToken: refresh,
    });
  });

  it("without the setting, names the cookie the refresh token came in", async () => {
    const refresh = jwt(3600, { token_type: "refresh" });
    answers = [[200, { access: jwt(300), refresh: "" }, setting(refresh)]];
    await expect(signInAtDjango("ann", "pw")).rejects.toMatchObject({
      cause: expect.stringContaining(`set DJANGO_REFRESH_COOKIE=${refreshCookie}`),
    });
  });

  it("sends the refresh token back as the cookie alone and reads its successor from Set-Cookie", async () => {
    withCookie();
    const [access, successor] = [jwt(300), jwt(3600)];
    answers = [[200, { access, access_expiration: "2026-12-05T10:05:00Z" }, setting(successor)]];
    expect(await rotateAtDjango("refresh-a", 5_000)).toMatchObject({
      kind: "rotated",
      pair: { accessToken: access, refreshToken: successor },
    });
    expect(sent[0]?.body).toEqual({});
    expect(sent[0]?.headers.get("cookie")).toBe(`${refreshCookie}=refresh-a`);
  });

  it("keeps the refresh token when Django rotates nothing (no cookie set)", async () => {
    withCookie();
    answers = [[200, { access: jwt(300) }]];
    const rotated = await rotateAtDjango(jwt(3600), 5_000);
    expect(rotated).toMatchObject({ kind: "rotated" });
  });

  it("signs out with the refresh token as the cookie", async () => {
    withCookie();
    answers = [[200, { detail: "Successfully logged out." }]];
    expect(await blacklistAtDjango(pairOf("a"))).toBe("ended");
    expect(sent[0]?.body).toEqual({});
    expect(sent[0]?.headers.get("cookie")).toBe(`${refreshCookie}=refresh-a`);
  });
});

describe("signInAtDjango: Django's own words on a refusal", () => {
  it.each([
    [401, { detail: "No active account found with the given credentials" }],
    [400, { non_field_errors: ["Unable to log in with provided credentials."] }],
  ])("quotes a %i", async (status, body) => {
    answers = [[status, body]];
    const words = "detail" in body ? body.detail : body.non_field_errors[0];
    await expect(signInAtDjango("ann", "pw")).rejects.toMatchObject({
      code: "invalid_credentials",
      message: words,
    });
  });
});

describe("signInAtDjango and rotateAtDjango: what Django's answers mean", () => {
  // As behind one appending proxy: the browser's address is passed on to Django's throttles.
  beforeEach(() =>
    installTestEngine((config) => ({
      ...config,
      deployment: { ...config.deployment, trustedProxyHops: 1 },
    })),
  );

  it("signs in with the username field and the password, passing on the browser's address", async () => {
    const [access, refresh] = [jwt(300), jwt(3600)];
    answers = [[200, { access, refresh }]];
    expect(await signInAtDjango("ann", "pw")).toMatchObject({
      accessToken: access,
      refreshToken: refresh,
      user: { username: "ann" },
    });
    expect(sent[0]?.body).toEqual({ username: "ann", password: "pw" });
    expect(sent[0]?.headers.get("x-forwarded-for")).toBe("203.0.113.7");
  });

  it("says so when Django throttles the sign-in, and words a refusal without Django's", async () => {
    answers = [[429, { detail: "Request was throttled." }]];
    await expect(signInAtDjango("ann", "pw")).rejects.toMatchObject({
      code: "sign_in_throttled",
      message: "Django throttled the sign-in",
    });
    answers = [[400, { username: ["This field is required."] }]];
    await expect(signInAtDjango("ann", "pw")).rejects.toMatchObject({
      code: "invalid_credentials",
      message: "Sign-in was refused.",
    });
  });

  it("names no cookie for an answer that is not a sign-in", async () => {
    const refresh = jwt(3600, { token_type: "refresh" });
    answers = [[403, { detail: "CSRF" }, [["Set-Cookie", `my-refresh-token=${refresh}`]]]];
    await expect(signInAtDjango("ann", "pw")).rejects.toMatchObject({
      cause: "Django's token/ answered 403 without a token pair",
    });
  });

  it("reads a 401 as the refresh token's end, with Django's reason when it gives one", async () => {
    answers = [[401, { detail: "Token is blacklisted", code: "token_not_valid" }]];
    expect(await rotateAtDjango("refresh-a", 5_000)).toEqual({ kind: "rejected" });
    answers = [[401, { detail: "User is inactive" }]]; // simplejwt before 5.4: no code.
    expect(await rotateAtDjango("refresh-a", 5_000)).toEqual({
      kind: "rejected",
      reason: "account_deactivated",
    });
    expect(sent[0]?.headers.get("x-forwarded-for")).toBe("203.0.113.7");
  });

  it.each([
    ["a 200 without a pair", () => new Response("{}", { status: 200 })],
    ["a refused connection", () => Promise.reject(new TypeError("fetch failed"))],
  ])("reads %s as unavailable, never as an end", async (_, answer) => {
    vi.stubGlobal("fetch", answer);
    expect(await rotateAtDjango("refresh-a", 5_000)).toEqual({ kind: "unavailable" });
  });
});
