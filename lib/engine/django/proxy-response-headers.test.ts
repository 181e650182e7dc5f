import { describe, expect, it } from "vitest";
import {
  PROXY_RESPONSE_RULES,
  toProxyLocation,
  toProxyResponseHeaders,
} from "./proxy-response-headers";

const root = "http://django.internal:8000/api";
const requestUrl = new URL("http://django.internal:8000/api/notes/?page=2");
const rewrite = (upstream: Record<string, string> | [string, string][]) =>
  toProxyResponseHeaders(new Headers(upstream), requestUrl, root);

describe("toProxyResponseHeaders", () => {
  it("keeps the content headers the browser needs", () => {
    const headers = rewrite({
      "content-type": "application/json",
      etag: '"abc"',
      "last-modified": "Wed, 21 Oct 2015 07:28:00 GMT",
      vary: "Accept",
      "content-language": "en",
      allow: "GET, POST",
      "content-disposition": 'attachment; filename="notes.csv"',
      "content-range": "bytes 0-99/1000",
      "accept-ranges": "bytes",
      "retry-after": "30",
    });
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("etag")).toBe('"abc"');
    expect(headers.get("last-modified")).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(headers.get("vary")).toBe("Accept");
    expect(headers.get("content-language")).toBe("en");
    expect(headers.get("allow")).toBe("GET, POST");
    expect(headers.get("content-disposition")).toBe('attachment; filename="notes.csv"');
    expect(headers.get("content-range")).toBe("bytes 0-99/1000");
    expect(headers.get("accept-ranges")).toBe("bytes");
    expect(headers.get("retry-after")).toBe("30");
  });

  it("always answers private, no-store, nosniff and sandbox, whatever Django says", () => {
    const headers = rewrite({
      "cache-control": "public, max-age=31536000",
      expires: "Wed, 21 Oct 2037 07:28:00 GMT",
      pragma: "cache",
      "x-content-type-options": "off",
      "content-security-policy": "default-src *",
    });
    expect(headers.get("cache-control")).toBe("private, no-store");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("content-security-policy")).toBe("sandbox");
    expect(headers.get("expires")).toBeNull();
    expect(headers.get("pragma")).toBeNull();
    expect(Object.fromEntries(rewrite({}))).toEqual(PROXY_RESPONSE_RULES);
  });

  it.each([
    ["set-cookie", "sessionid=abc; Path=/"],
    ["www-authenticate", 'Basic realm="api"'],
    ["server", "WSGIServer/0.2 CPython/3.11"],
    ["x-powered-by", "Django"],
    ["access-control-allow-origin", "*"],
    ["access-control-allow-credentials", "true"],
    ["Access-Control-Expose-Headers", "X-Secret"],
    ["strict-transport-security", "max-age=0"],
    ["refresh", "0; url=https://evil.example/"],
    ["clear-site-data", '"cookies"'],
    ["connection", "close"],
    ["keep-alive", "timeout=5"],
    ["transfer-encoding", "chunked"],
    ["proxy-authenticate", "Basic"],
    ["proxy-authorization", "Basic abc"],
    ["proxy-connection", "keep-alive"],
    ["te", "trailers"],
    ["upgrade", "h2c"],
    ["trailer", "Expires"],
    ["content-encoding", "gzip"],
    ["content-length", "12"],
    // Origin-wide: a CDN or server in front of Django adds these, or an nginx in front of us obeys.
    ["nel", '{"report_to":"default","max_age":31536000}'],
    ["report-to", '{"group":"default","endpoints":[{"url":"https://collector.example/"}]}'],
    ["reporting-endpoints", 'default="https://collector.example/"'],
    ["alt-svc", 'h3=":443"; ma=86400'],
    ["link", "</evil.js>; rel=preload; as=script"],
    ["x-accel-redirect", "/internal/secrets"],
    ["x-sendfile", "/etc/passwd"],
    ["x-lighttpd-send-file", "/etc/passwd"],
    ["origin-agent-cluster", "?0"],
    ["cross-origin-opener-policy", "unsafe-none"],
    ["cross-origin-resource-policy", "cross-origin"],
    ["permissions-policy", "camera=*"],
    ["x-frame-options", "ALLOWALL"],
    ["referrer-policy", "unsafe-url"],
    ["content-security-policy-report-only", "default-src *"],
    ["timing-allow-origin", "*"],
    ["x-dns-prefetch-control", "on"],
    ["speculation-rules", '"/rules.json"'],
    ["x-unknown-header", "1"],
  ])("drops %s", (name, value) => {
    expect(rewrite({ [name]: value }).has(name)).toBe(false);
  });

  it("drops the headers Connection names as hop-by-hop, even allowed ones", () => {
    const headers = rewrite({ connection: "etag, close", etag: '"abc"', vary: "Accept" });
    expect(headers.has("etag")).toBe(false);
    expect(headers.get("vary")).toBe("Accept");
    const spaced = rewrite({ connection: "close ,  Content-Language", "content-language": "en" });
    expect(spaced.has("content-language")).toBe(false);
  });

  it("rewrites a Location inside the API root to the proxy path", () => {
    expect(rewrite({ location: "http://django.internal:8000/api/notes/7/" }).get("location")).toBe(
      "/api/django/notes/7/",
    );
    expect(rewrite({ location: "/api/notes/?page=3#top" }).get("location")).toBe(
      "/api/django/notes/?page=3#top",
    );
    expect(rewrite({ location: "7/" }).get("location")).toBe("/api/django/notes/7/");
  });

  it.each([
    "https://evil.example/api/notes/",
    "//evil.example/api/notes/",
    "http://django.internal:8001/api/notes/",
    "https://django.internal:8000/api/notes/",
    "http://django.internal:8000/admin/",
    "http://django.internal:8000/apix/",
    "/admin/login/",
    "../../admin/",
    "http://user:pw@django.internal:8000/api/notes/",
    "http://user@django.internal:8000/api/notes/",
    "http://:pw@django.internal:8000/api/notes/",
    "javascript:alert(1)",
    "http://[::1",
  ])("drops a Location outside the API root: %s", (location) => {
    expect(rewrite({ location }).has("location")).toBe(false);
  });
});

describe("toProxyLocation", () => {
  it("accepts the API root itself and a root with a trailing slash", () => {
    expect(toProxyLocation("http://django.internal:8000/api/", requestUrl, root)).toBe(
      "/api/django/",
    );
    expect(toProxyLocation("/api/me/", requestUrl, `${root}/`)).toBe("/api/django/me/");
    expect(toProxyLocation("/api/me/", requestUrl, `${root}///`)).toBe("/api/django/me/");
  });
});
