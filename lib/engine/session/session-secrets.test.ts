import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { openSessionJwt } from "./session-secrets";

const A = "secret-a-secret-a-secret-a-secret-a-0001";
const B = "secret-b-secret-b-secret-b-secret-b-0002";
const C = "secret-c-secret-c-secret-c-secret-c-0003";
const sealWith = (secret: string) => encode({ token: { sub: "7", marker: secret }, secret });

describe("openSessionJwt", () => {
  it("opens a token sealed with the current secret", async () => {
    const opened = await openSessionJwt(await sealWith(B), { current: B, previous: [A] });
    expect(opened).toMatchObject({ payload: { marker: B }, isSealedWithPrevious: false });
  });

  it("opens a token sealed with any previous secret, and says so", async () => {
    for (const secret of [A, C]) {
      const opened = await openSessionJwt(await sealWith(secret), { current: B, previous: [A, C] });
      expect(opened).toMatchObject({ payload: { marker: secret }, isSealedWithPrevious: true });
    }
  });

  it("refuses a token no secret opens, with jose's decryption error", async () => {
    await expect(
      openSessionJwt(await sealWith(C), { current: B, previous: [A] }),
    ).rejects.toMatchObject({
      code: "ERR_JWE_DECRYPTION_FAILED",
    });
    await expect(openSessionJwt(await sealWith(A), { current: B, previous: [] })).rejects.toThrow();
  });
});
