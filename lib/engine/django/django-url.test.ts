import { describe, expect, it } from "vitest";
import { buildDjangoUrl } from "./django-url";

const root = "http://127.0.0.1:8000/api";

describe("buildDjangoUrl", () => {
  it("joins the path to the API root and keeps the trailing slash", () => {
    expect(buildDjangoUrl(root, "me/").href).toBe("http://127.0.0.1:8000/api/me/");
    expect(buildDjangoUrl(root + "/", "notes").href).toBe("http://127.0.0.1:8000/api/notes");
  });

  it("ignores any number of trailing slashes on the API root", () => {
    expect(buildDjangoUrl(root + "//", "me/").href).toBe("http://127.0.0.1:8000/api/me/");
  });

  it("names the refused segment in the error", () => {
    expect(() => buildDjangoUrl(root, "")).toThrowError('segment "" is not allowed');
    expect(() => buildDjangoUrl(root, "a/%E0%A4%A")).toThrowError('malformed escape in "%E0%A4%A"');
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
    ["notes%3Fpage=2/", "/api/notes%3Fpage%3D2/"],
    ["notes%23frag/", "/api/notes%23frag/"],
    ["a%3F%23b", "/api/a%3F%23b"],
    ["a%2520b", "/api/a%2520b"],
  ])("keeps %s inside its segment, never as query or fragment", (path, pathname) => {
    const url = buildDjangoUrl(root, path);
    expect(url.pathname).toBe(pathname);
    expect(url.search).toBe("");
    expect(url.hash).toBe("");
  });

  it("keeps the real query separate from an encoded question mark", () => {
    const url = buildDjangoUrl(root, "a%3Fb=1/", "?c=2");
    expect(url.pathname).toBe("/api/a%3Fb%3D1/");
    expect(url.search).toBe("?c=2");
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
    ["%2e", "encoded dot segment"],
    ["notes/%2E%2E", "encoded parent segment at the end"],
    ["%5C%5Cevil.example/", "encoded backslashes"],
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
