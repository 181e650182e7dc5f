/** Where the proxy is mounted: `/api/django/<path>` ↔ `<DJANGO_API_URL>/<path>`. */
export const PROXY_PREFIX = "/api/django/";

/**
 * The only headers of Django's that reach the browser: what a JSON or file API needs (type,
 * language, download name, validators, ranges, `Allow` on a 405, `Retry-After` on a 429/503).
 * Everything else is dropped, so Django, or a CDN or server in front of it, can never set
 * something for our whole origin: cookies, NEL/Report-To, Alt-Svc, Link preloads, HSTS, CORS,
 * X-Accel-Redirect/X-Sendfile for an nginx in front of us, a login prompt, a `Refresh`.
 * `Location` passes only rewritten (below). Pagination travels in DRF's body, not in headers.
 */
const ALLOWED = new Set([
  "content-type",
  "content-disposition",
  "content-language",
  "content-range",
  "accept-ranges",
  "etag",
  "last-modified",
  "vary",
  "allow",
  "retry-after",
]);

/** Always on a proxied response: never cached, never sniffed, never run as our own page. */
export const PROXY_RESPONSE_RULES = {
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox",
} as const;

/**
 * The headers the browser gets for Django's answer to `requestUrl`: the allowed ones, then the
 * proxy's own rules. A `Location` inside the API root becomes the matching proxy path; any other
 * `Location` is dropped.
 */
export function toProxyResponseHeaders(
  upstream: Headers,
  requestUrl: URL,
  apiRoot: string,
): Headers {
  const hopByHop = new Set(
    (upstream.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (ALLOWED.has(name) && !hopByHop.has(name)) headers.append(name, value);
  });
  const location = upstream.get("location");
  const proxied = location === null ? null : toProxyLocation(location, requestUrl, apiRoot);
  if (proxied !== null) headers.set("location", proxied);
  for (const [name, value] of Object.entries(PROXY_RESPONSE_RULES)) headers.set(name, value);
  return headers;
}

/** `<apiRoot>/<path>` (relative to the request, as Location may be) → `/api/django/<path>`. */
export function toProxyLocation(location: string, requestUrl: URL, apiRoot: string): string | null {
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return null;
  }
  const root = new URL(apiRoot.replace(/\/+$/, "") + "/");
  if (target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) return null;
  if (target.username || target.password) return null;
  return PROXY_PREFIX + target.pathname.slice(root.pathname.length) + target.search + target.hash;
}
