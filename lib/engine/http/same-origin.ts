/**
 * True when a browser tells us the request was started by another site (or a sibling subdomain),
 * whatever its method: the CSRF guard of every cookie-writing route, and of the proxy, where even a
 * GET from another site carries our Lax cookie. Sec-Fetch-Site first (browsers send it, and
 * Origin, on every POST); browsers without it fall back to Origin vs our host. A request with
 * neither header comes from a non-browser client, which carries no ambient cookie.
 */
export function isFromAnotherSite(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  // Behind proxies X-Forwarded-Host may be a list; the first entry is the host the browser used.
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwardedHost || request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" or garbage Origin.
  }
}
