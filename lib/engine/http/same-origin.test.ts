import { describe, expect, it } from "vitest";
import { isCrossSiteRequest, isFromAnotherSite } from "./same-origin";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://app.test/api/auth/refresh", {
    method,
    headers: { host: "app.test", ...headers },
  });

const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];

describe("isCrossSiteRequest", () => {
  it("lets safe methods through", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isCrossSiteRequest(request(method, { "sec-fetch-site": "cross-site" }))).toBe(false);
      expect(isCrossSiteRequest(request(method, { origin: "https://evil.example" }))).toBe(false);
    }
  });

  it.each(UNSAFE)("treats %s as unsafe", (method) => {
    expect(isCrossSiteRequest(request(method, { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { "sec-fetch-site": "same-origin" }))).toBe(false);
  });

  it("trusts Sec-Fetch-Site first", () => {
    expect(isCrossSiteRequest(request("POST", { "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteRequest(request("POST", { "sec-fetch-site": "same-site" }))).toBe(true);
    expect(
      isCrossSiteRequest(
        request("POST", { "sec-fetch-site": "cross-site", origin: "http://app.test" }),
      ),
    ).toBe(true);
    expect(
      isCrossSiteRequest(
        request("POST", { "sec-fetch-site": "same-origin", origin: "https://evil.example" }),
      ),
    ).toBe(false);
  });

  it("falls back to comparing Origin with Host", () => {
    expect(isCrossSiteRequest(request("POST", { origin: "http://app.test" }))).toBe(false);
    expect(isCrossSiteRequest(request("DELETE", { origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(request("POST", { origin: "null" }))).toBe(true);
    expect(isCrossSiteRequest(request("POST", { origin: "not a url" }))).toBe(true);
  });

  it("compares the port too", () => {
    expect(isCrossSiteRequest(request("POST", { origin: "http://app.test:8080" }))).toBe(true);
    const onPort = (origin: string) =>
      isCrossSiteRequest(request("POST", { host: "app.test:3000", origin }));
    expect(onPort("http://app.test:3000")).toBe(false);
    expect(onPort("http://app.test")).toBe(true);
  });

  it("prefers X-Forwarded-Host, and its first entry, over Host", () => {
    const behindProxy = (origin: string, forwarded: string) =>
      isCrossSiteRequest(
        request("POST", { host: "127.0.0.1:3000", "x-forwarded-host": forwarded, origin }),
      );
    expect(behindProxy("https://app.example", "app.example")).toBe(false);
    expect(behindProxy("https://app.example", "app.example, internal.lb")).toBe(false);
    expect(behindProxy("https://app.example", " app.example ,internal.lb")).toBe(false);
    expect(behindProxy("http://127.0.0.1:3000", "app.example")).toBe(true);
    expect(behindProxy("https://internal.lb", "app.example, internal.lb")).toBe(true);
  });

  it("allows non-browser clients that send neither header", () => {
    for (const method of UNSAFE) expect(isCrossSiteRequest(request(method, {}))).toBe(false);
  });
});

describe("isFromAnotherSite", () => {
  it.each(["GET", "HEAD", ...UNSAFE])("refuses cross-site and same-site %s", (method) => {
    expect(isFromAnotherSite(request(method, { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isFromAnotherSite(request(method, { "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isFromAnotherSite(request(method, { origin: "https://evil.example" }))).toBe(true);
  });

  it("accepts our own pages, a typed-in address and non-browser clients", () => {
    expect(isFromAnotherSite(request("GET", { "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isFromAnotherSite(request("GET", { "sec-fetch-site": "none" }))).toBe(false);
    expect(isFromAnotherSite(request("GET", { origin: "http://app.test" }))).toBe(false);
    expect(isFromAnotherSite(request("GET", {}))).toBe(false);
  });
});
