import { describe, expect, it } from "vitest";
import { toSafeCallbackPath } from "./safe-redirect";

const origin = "https://app.example";
// Not the default: a case that falls back is told apart from one that resolved to /dashboard.
const fallback = "/fallback";
const safe = (value: string | null) => toSafeCallbackPath(value, origin, fallback);

describe("toSafeCallbackPath", () => {
  it("keeps same-origin paths with query and hash", () => {
    expect(safe("/dashboard/session?tab=2#log")).toBe("/dashboard/session?tab=2#log");
    expect(safe("https://app.example/dashboard?x=1")).toBe("/dashboard?x=1");
    expect(safe("dashboard")).toBe("/dashboard");
    expect(safe("/dashboard/../notes")).toBe("/notes");
    expect(safe("/loginhelp")).toBe("/loginhelp");
    expect(safe("/docs/login")).toBe("/docs/login");
  });

  it.each([
    // Other origins, including ones that differ only in scheme or port.
    "https://evil.example/dashboard",
    "https://evil.example/",
    "http://app.example/dashboard",
    "https://app.example:8443/dashboard",
    "https://app.example.evil.example/dashboard",
    "https://app.example@evil.example/",
    // Protocol-relative, directly or after dot segments are resolved.
    "//evil.example/dashboard",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/dashboard/..//evil.example",
    "/dashboard/./..//evil.example",
    // Backslashes, which browsers read as slashes.
    "/\\evil.example",
    "\\\\evil.example",
    "/./\\evil.example",
    "/a\\b",
    // Not a URL at all.
    "http://[::1",
    // Other schemes.
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@evil.example",
  ])("falls back for %s", (value) => {
    expect(safe(value)).toBe(fallback);
  });

  it.each([
    "/dash\nboard",
    "/\t/evil.example",
    "/\r/evil.example",
    "/x\u0000",
    "/x\u007f",
    "\u0001/dashboard",
  ])("falls back for control characters in %j", (value) => {
    expect(safe(value)).toBe(fallback);
  });

  it("falls back when empty, and never loops back to /login", () => {
    expect(safe(null)).toBe(fallback);
    expect(safe("")).toBe(fallback);
    expect(toSafeCallbackPath(null, origin)).toBe("/dashboard");
    for (const value of ["/login", "/login?callbackUrl=/x", "/login#x", "/x/../login"]) {
      expect(safe(value), value).toBe(fallback);
    }
  });
});
