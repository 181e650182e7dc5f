import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, createNonce } from "./content-security-policy";

const directivesOf = (policy: string) =>
  Object.fromEntries(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );

describe("buildContentSecurityPolicy", () => {
  it("allows scripts by nonce only, and forbids framing, plugins, base and foreign forms", () => {
    const policy = directivesOf(
      buildContentSecurityPolicy({ nonce: "abc", isDev: false, isHttps: false }),
    );
    expect(policy["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy["style-src"]).toBe("'self' 'nonce-abc'");
    expect(policy).toMatchObject({
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(Object.values(policy).join(" ")).not.toMatch(/unsafe/);
    expect(policy).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("lets next dev eval and inline styles, and upgrades requests on https", () => {
    const dev = directivesOf(
      buildContentSecurityPolicy({ nonce: "n", isDev: true, isHttps: true }),
    );
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev["style-src"]).toBe("'self' 'unsafe-inline'");
    expect(dev).toHaveProperty("upgrade-insecure-requests");
  });
});

describe("createNonce", () => {
  it("is 128 bits of base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
