import { describe, expect, it } from "vitest";
import { SESSION_COOKIE_BUDGET } from "../constants.mjs";
import { checkCookieSize, measureSessionCookie } from "./cookie-size.mjs";

/** A simplejwt-shaped token whose claims carry `padBytes` of custom data, as the test Django's do. */
function token(type, padBytes) {
  const part = (object) => Buffer.from(JSON.stringify(object)).toString("base64url");
  const claims = {
    token_type: type,
    exp: 2_000_000_000,
    iat: 1_700_000_000,
    jti: "j".repeat(32),
    user_id: "7",
  };
  if (padBytes) claims.padding = "x".repeat(padBytes);
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.${"s".repeat(43)}`;
}

async function findingFor(padBytes) {
  const findings = [];
  await checkCookieSize({
    access: token("access", padBytes),
    refresh: token("refresh", padBytes),
    user: { id: "7", username: "ada" },
    add: (finding) => findings.push(finding),
  });
  return findings[0];
}

describe("checkCookieSize", () => {
  it("is ✓ for plain tokens", async () => {
    expect((await findingFor(0)).level).toBe("ok");
  });

  it("warns, without failing, for 3 kB of claims: chunked, but inside the budget", async () => {
    const finding = await findingFor(3000);
    expect(finding.level).toBe("warn");
    expect(finding.message).toMatch(/cookies/);
  });

  it("fails where the template refuses the sign-in: 4.5 kB of claims", async () => {
    const finding = await findingFor(4500);
    expect(finding.level).toBe("fail");
    expect(finding.message).toContain(`${SESSION_COOKIE_BUDGET} B budget`);
    expect(finding.message).toContain("431");
    expect(finding.fix).toMatch(/custom claims/);
  });
});

describe("measureSessionCookie", () => {
  it("counts names, '=' and '; ' as the Cookie header carries them", () => {
    expect(measureSessionCookie("v".repeat(10))).toEqual({ chunks: 1, bytes: 30 + 1 + 10 });
    // Two chunks: `<name>.0=…; <name>.1=…`.
    expect(measureSessionCookie("v".repeat(5000))).toEqual({
      chunks: 2,
      bytes: 5000 + 2 * (30 + 2 + 1) + 2,
    });
  });
});
