import { describe, expect, it } from "vitest";
import { findRefreshCookie, parseTokenPair, readExpiry } from "./token-pair";

/** A token Django could have signed, with these claims (parseTokenPair only reads them). */
const token = (claims: object) =>
  `x.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.y`;
const access = token({ exp: 1_900_000_000, token_type: "access" });
const refresh = token({ exp: 1_900_086_400, token_type: "refresh" });
const other = token({ exp: 1_900_090_000, token_type: "refresh" });

describe("readExpiry", () => {
  it("reads exp in seconds as epoch milliseconds", () => {
    expect(readExpiry(access)).toBe(1_900_000_000_000);
  });

  it("refuses a token without a numeric exp", () => {
    expect(() => readExpiry(token({ exp: "soon" }))).toThrow("without an exp claim");
  });
});

describe("parseTokenPair", () => {
  it("reads both tokens and their expiries from the body", () => {
    expect(parseTokenPair({ access, refresh })).toEqual({
      accessToken: access,
      refreshToken: refresh,
      accessExpires: 1_900_000_000_000,
      refreshExpires: 1_900_086_400_000,
    });
  });

  it("takes the body's refresh token over the cookie's, the cookie's over the previous one", () => {
    expect(parseTokenPair({ access, refresh }, { fromCookie: other })?.refreshToken).toBe(refresh);
    expect(parseTokenPair({ access, refresh: "" }, { fromCookie: other })?.refreshToken).toBe(
      other,
    );
    expect(parseTokenPair({ access }, { previous: other })?.refreshToken).toBe(other);
  });

  it.each([
    ["no refresh token anywhere", { access, refresh: "" }],
    ["no access token", { refresh }],
    ["an access token that is no JWT", { access: "opaque", refresh }],
    ["not an object", "<html>"],
    ["nothing", null],
  ])("answers null for %s", (_, body) => {
    expect(parseTokenPair(body)).toBeNull();
  });
});

describe("findRefreshCookie", () => {
  it("names the cookie holding a refresh token, not an access token's or another cookie", () => {
    const cookies = new Map([
      ["sessionid", "abc"],
      ["jwt-access", access],
      ["my-refresh-token", refresh],
    ]);
    expect(findRefreshCookie(cookies)).toBe("my-refresh-token");
    expect(findRefreshCookie(new Map([["jwt-access", access]]))).toBeUndefined();
  });
});
