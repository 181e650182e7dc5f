/** Where the proxy is mounted: `/api/django/<path>` ↔ `<DJANGO_API_URL>/<path>`. */
export const PROXY_PREFIX = "/api/django/";

/**
 * Hop-by-hop headers, what fetch already undid (compression, length), and what Django must not
 * decide for our origin: its cookies, a browser login prompt, its server banner, CORS, HSTS,
 * a `Refresh` redirect, wiping our site data, and its own caching and content rules.
 */
const DROPPED = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-encoding",
  "content-length",
  "set-cookie",
  "www-authenticate",
  "server",
  "x-powered-by",
  "strict-transport-security",
  "refresh",
  "clear-site-data",
  "cache-control",
  "expires",
  "pragma",
  "content-security-policy",
  "x-content-type-options",
  "location",
]);

/** Always on a proxied response: never cached, never sniffed, never run as our own page. */
export const PROXY_RESPONSE_RULES = {
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox",
} as const;

/**
 * The headers the browser gets for Django's answer to `requestUrl`. A `Location` inside the API
 * root becomes the matching proxy path; any other `Location` is dropped.
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
    if (DROPPED.has(name) || hopByHop.has(name) || name.startsWith("access-control-")) return;
    headers.append(name, value);
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
