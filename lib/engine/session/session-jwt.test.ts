import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionJwt, encodeSessionJwt } from "./session-jwt";

const SECRET = "unit-tests-secret-unit-tests-secret-0123";
const PAYLOAD = {
  accessToken: "a.b.c",
  refreshToken: "d.e.f",
  accessExpires: 1,
  refreshExpires: 2,
  user: { id: "7", username: "ada" },
  sub: "7",
};

describe("session JWT: next-auth v4's format, key derived once", () => {
  it("next-auth's decode opens what encodeSessionJwt seals, with the same claims", async () => {
    const token = await encodeSessionJwt(PAYLOAD, SECRET, 3600);
    const payload = await decode({ token, secret: SECRET });
    expect(payload).toMatchObject(PAYLOAD);
    expect(payload?.exp).toBe((payload?.iat as number) + 3600);
    expect(payload?.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("decodeSessionJwt opens what next-auth's encode seals", async () => {
    const token = await encode({ token: PAYLOAD, secret: SECRET, maxAge: 60 });
    const payload = await decodeSessionJwt(token, SECRET);
    expect(payload).toMatchObject(PAYLOAD);
    expect(payload).toEqual(await decode({ token, secret: SECRET }));
  });

  it("writes the same protected header as next-auth", async () => {
    const header = (token: string) =>
      JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as object;
    const ours = await encodeSessionJwt(PAYLOAD, SECRET, 60);
    const theirs = await encode({ token: PAYLOAD, secret: SECRET, maxAge: 60 });
    expect(header(ours)).toEqual(header(theirs));
    expect(ours.split(".")).toHaveLength(5);
  });

  it("refuses another secret, a tampered token and an expired one, as next-auth does", async () => {
    const token = await encodeSessionJwt(PAYLOAD, SECRET, 60);
    await expect(decodeSessionJwt(token, `${SECRET}-other`)).rejects.toThrow();
    await expect(decode({ token, secret: `${SECRET}-other` })).rejects.toThrow();
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    await expect(decodeSessionJwt(tampered, SECRET)).rejects.toThrow();
    const expired = await encode({ token: PAYLOAD, secret: SECRET, maxAge: -60 });
    await expect(decodeSessionJwt(expired, SECRET)).rejects.toThrow();
    await expect(decode({ token: expired, secret: SECRET })).rejects.toThrow();
  });

  it("keeps next-auth's 15 s clock tolerance", async () => {
    const barelyExpired = await encode({ token: PAYLOAD, secret: SECRET, maxAge: -5 });
    await expect(decodeSessionJwt(barelyExpired, SECRET)).resolves.toMatchObject(PAYLOAD);
    await expect(decode({ token: barelyExpired, secret: SECRET })).resolves.toMatchObject(PAYLOAD);
  });

  it("one secret's key serves many calls; two secrets do not mix", async () => {
    const other = `${SECRET}-two`;
    const [a, b] = await Promise.all([
      encodeSessionJwt(PAYLOAD, SECRET, 60),
      encodeSessionJwt(PAYLOAD, other, 60),
    ]);
    await expect(decode({ token: a, secret: SECRET })).resolves.toMatchObject(PAYLOAD);
    await expect(decode({ token: b, secret: other })).resolves.toMatchObject(PAYLOAD);
    await expect(decodeSessionJwt(a, other)).rejects.toThrow();
  });
});
