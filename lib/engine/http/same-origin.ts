const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a browser tells us the request was started by another site (or a sibling subdomain),
 * whatever its method. Sec-Fetch-Site first; browsers without it fall back to Origin vs our host.
 * A request with neither header comes from a non-browser client, which carries no ambient cookie.
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

/**
 * CSRF guard for cookie-writing endpoints: an unsafe method must come from our own pages.
 * Browsers send Sec-Fetch-Site (and Origin) on every POST.
 */
export function isCrossSiteRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  return isFromAnotherSite(request);
}
