import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./same-origin";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://app.test/api/auth/refresh", {
    method,
    headers: { host: "app.test", ...headers },
  });

describe("isCrossSiteRequest", () => {
  it("lets safe methods through", () => {
    expect(isCrossSiteRequest(request("GET", { "sec-fetch-site": "cross-site" }))).toBe(false);
  });

  it("trusts Sec-Fetch-Site first", () => {
    expect(isCrossSiteRequest(request("POST", { "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteRequest(request("POST", { "sec-fetch-site": "same-site" }))).toBe(true);
    expect(
      isCrossSiteRequest(
        request("POST", { "sec-fetch-site": "cross-site", origin: "http://app.test" }),
      ),
    ).toBe(true);
  });

  it("falls back to comparing Origin with Host", () => {
    expect(isCrossSiteRequest(request("POST", { origin: "http://app.test" }))).toBe(false);
    expect(isCrossSiteRequest(request("DELETE", { origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(request("POST", { origin: "null" }))).toBe(true);
  });

  it("allows non-browser clients that send neither header", () => {
    expect(isCrossSiteRequest(request("POST", {}))).toBe(false);
  });
});
