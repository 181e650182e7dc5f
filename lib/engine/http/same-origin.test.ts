import { describe, expect, it } from "vitest";
import { isFromAnotherSite } from "./same-origin";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://app.test/api/auth/refresh", {
    method,
    headers: { host: "app.test", ...headers },
  });

const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];

describe("isFromAnotherSite", () => {
  it.each(UNSAFE)("judges %s by the request's site", (method) => {
    expect(isFromAnotherSite(request(method, { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isFromAnotherSite(request(method, { origin: "https://evil.example" }))).toBe(true);
    expect(isFromAnotherSite(request(method, { "sec-fetch-site": "same-origin" }))).toBe(false);
  });

  it("trusts Sec-Fetch-Site first", () => {
    expect(isFromAnotherSite(request("POST", { "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isFromAnotherSite(request("POST", { "sec-fetch-site": "same-site" }))).toBe(true);
    expect(
      isFromAnotherSite(
        request("POST", { "sec-fetch-site": "cross-site", origin: "http://app.test" }),
      ),
    ).toBe(true);
    expect(
      isFromAnotherSite(
        request("POST", { "sec-fetch-site": "same-origin", origin: "https://evil.example" }),
      ),
    ).toBe(false);
  });

  it("falls back to comparing Origin with Host", () => {
    expect(isFromAnotherSite(request("POST", { origin: "http://app.test" }))).toBe(false);
    expect(isFromAnotherSite(request("DELETE", { origin: "https://evil.example" }))).toBe(true);
    expect(isFromAnotherSite(request("POST", { origin: "null" }))).toBe(true);
    expect(isFromAnotherSite(request("POST", { origin: "not a url" }))).toBe(true);
  });

  it("compares the port too", () => {
    expect(isFromAnotherSite(request("POST", { origin: "http://app.test:8080" }))).toBe(true);
    const onPort = (origin: string) =>
      isFromAnotherSite(request("POST", { host: "app.test:3000", origin }));
    expect(onPort("http://app.test:3000")).toBe(false);
    expect(onPort("http://app.test")).toBe(true);
  });

  it("prefers X-Forwarded-Host, and its first entry, over Host", () => {
    const behindProxy = (origin: string, forwarded: string) =>
      isFromAnotherSite(
        request("POST", { host: "127.0.0.1:3000", "x-forwarded-host": forwarded, origin }),
      );
    expect(behindProxy("https://app.example", "app.example")).toBe(false);
    expect(behindProxy("https://app.example", "app.example, internal.lb")).toBe(false);
    expect(behindProxy("https://app.example", " app.example ,internal.lb")).toBe(false);
    expect(behindProxy("http://127.0.0.1:3000", "app.example")).toBe(true);
    expect(behindProxy("https://internal.lb", "app.example, internal.lb")).toBe(true);
  });

  it("allows non-browser clients that send neither header", () => {
    for (const method of UNSAFE) expect(isFromAnotherSite(request(method, {}))).toBe(false);
  });

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
