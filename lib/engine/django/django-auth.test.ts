import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installTestEngine } from "@/lib/engine/test-engine";
import { blacklistAtDjango } from "./django-auth";

type Sent = { url: string; headers: Headers; body: unknown };

let sent: Sent[] = [];
let answers: Array<[number, unknown]> = [];

beforeEach(() => {
  sent = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    sent.push({
      url: String(url),
      headers: new Headers(init.headers),
      body: JSON.parse(String(init.body)),
    });
    const [status, body] = answers.shift() ?? [599, null];
    return new Response(body === null ? null : JSON.stringify(body), { status });
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

/** A token whose payload holds an `exp` (what parseTokenPair reads). */
const jwt = (expiresInS: number) =>
  `x.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + expiresInS })).toString("base64url")}.y`;

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
  ])("refuses to call %i an end, quoting Django", async (status, body) => {
    answers = [[status, body]];
    const detail = (body as { detail?: string } | null)?.detail;
    const quoted = detail ? `: "${detail}"` : "";
    await expect(blacklistAtDjango(pairOf("a"))).rejects.toThrow(
      `Django's token/blacklist/ answered ${status}${quoted}`,
    );
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

  it("has nothing to end when the refresh token is already refused", async () => {
    withLogoutView();
    answers = [[401, { detail: "Token is blacklisted", code: "token_not_valid" }]];
    expect(await blacklistAtDjango(pairOf("a", -1_000))).toBe("already_ended");
    expect(sent).toHaveLength(1);
  });
});
