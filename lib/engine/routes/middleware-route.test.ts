import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { handleMiddleware } from "./middleware-route";

const APP = "http://app.test";
const run = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  handleMiddleware(new NextRequest(`${APP}${path}`, init));

const forwarded = (response: Response, name: string) =>
  response.headers.get(`x-middleware-request-${name}`);

describe("handleMiddleware", () => {
  it("gives each page response its own nonce, and the render the same policy", async () => {
    const first = await run("/login");
    const second = await run("/login");
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(forwarded(first, "content-security-policy")).toBe(policy);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
  });

  it("passes the real request path on, never the client's own x-pathname", async () => {
    const response = await run("/dashboard/session?tab=2", {
      headers: { "x-pathname": "//evil.example/" },
    });
    expect(forwarded(response, "x-pathname")).toBe("/dashboard/session?tab=2");
  });

  it("answers 405 to a page for a method it does not serve", async () => {
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]) {
      const response = await run("/dashboard", { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
    }
    expect((await run("/dashboard", { method: "POST" })).status).toBe(200);
  });

  it("refuses a large or chunked body to a page before Next reads it", async () => {
    const post = (headers: Record<string, string>) =>
      run("/dashboard", { method: "POST", headers: { "next-action": "abc", ...headers } });
    expect((await post({ "content-length": String(2 * 1024 * 1024) })).status).toBe(413);
    expect((await post({ "transfer-encoding": "chunked" })).status).toBe(411);
    expect((await post({ "content-length": "120" })).status).toBe(200);
  });

  it("adds no page policy to an API path", async () => {
    const response = await run("/api/django/a%20b/");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});
