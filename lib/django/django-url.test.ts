import { describe, expect, it } from "vitest";
import { buildDjangoUrl } from "./django-url";

const root = "http://127.0.0.1:8000/api";

describe("buildDjangoUrl", () => {
  it("joins the path to the API root and keeps the trailing slash", () => {
    expect(buildDjangoUrl(root, "me/").href).toBe("http://127.0.0.1:8000/api/me/");
    expect(buildDjangoUrl(root + "/", "notes").href).toBe("http://127.0.0.1:8000/api/notes");
  });

  it("keeps the query string", () => {
    expect(buildDjangoUrl(root, "notes/", "?page=2&q=a%20b").href).toBe(
      "http://127.0.0.1:8000/api/notes/?page=2&q=a%20b",
    );
  });

  it("re-encodes segments consistently", () => {
    expect(buildDjangoUrl(root, "files/a%20b/").pathname).toBe("/api/files/a%20b/");
    expect(buildDjangoUrl(root, "files/caf%C3%A9").pathname).toBe("/api/files/caf%C3%A9");
  });

  it.each([
    ["..", "parent segment"],
    ["notes/../../admin/", "parent segment inside"],
    ["%2e%2e/admin/", "encoded parent segment"],
    ["notes/%2F%2Fevil.example/", "encoded slash"],
    ["a%5C..%5Cb", "encoded backslash"],
    ["notes//x", "empty segment"],
    ["./me/", "dot segment"],
    ["%E0%A4%A", "malformed escape"],
    ["", "empty path"],
  ])("rejects %s (%s)", (path) => {
    expect(() => buildDjangoUrl(root, path)).toThrowError(
      expect.objectContaining({ code: "invalid_path" }),
    );
  });

  it("cannot be pointed at another host", () => {
    expect(buildDjangoUrl(root, "http:/evil.example/").origin).toBe("http://127.0.0.1:8000");
    expect(() => buildDjangoUrl(root, "//evil.example/")).toThrow();
  });
});
