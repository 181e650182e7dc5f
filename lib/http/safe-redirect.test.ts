import { describe, expect, it } from "vitest";
import { toSafeCallbackPath } from "./safe-redirect";

const origin = "https://app.example";

describe("toSafeCallbackPath", () => {
  it("keeps same-origin paths with query and hash", () => {
    expect(toSafeCallbackPath("/dashboard/session?tab=2#log", origin)).toBe(
      "/dashboard/session?tab=2#log",
    );
    expect(toSafeCallbackPath("https://app.example/dashboard?x=1", origin)).toBe("/dashboard?x=1");
  });

  it.each([
    "https://evil.example/dashboard",
    "//evil.example/dashboard",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http://app.example/dashboard",
    "/dash\nboard",
  ])("falls back for %s", (value) => {
    expect(toSafeCallbackPath(value, origin)).toBe("/dashboard");
  });

  it("falls back when empty, and never loops back to /login", () => {
    expect(toSafeCallbackPath(null, origin)).toBe("/dashboard");
    expect(toSafeCallbackPath("", origin, "/")).toBe("/");
    expect(toSafeCallbackPath("/login?callbackUrl=/x", origin)).toBe("/dashboard");
  });
});
